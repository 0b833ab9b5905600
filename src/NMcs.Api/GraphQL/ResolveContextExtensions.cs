using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace NMcs.Api.GraphQL;

/// <summary>Access to request services from resolvers.</summary>
internal static class ResolveContextExtensions
{
    public static IGrainFactory Grains(this IResolveFieldContext context) => context.Service<IGrainFactory>();

    public static TimeProvider Clock(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredKeyedService<TimeProvider>(NMcs.Grains.PlatformClock.Key);

    public static T Service<T>(this IResolveFieldContext context)
        where T : notnull => context.RequestServices!.GetRequiredService<T>();

    /// <summary>
    /// Who the request acts for, for the audit trail: the <c>X-NMcs-Actor</c> header (set by the portal or proxy
    /// until authentication exists), or "anonymous". A header longer than 200 characters is refused.
    /// </summary>
    public static string Actor(this IResolveFieldContext context)
    {
        var sent = context.UserContext.TryGetValue(Http.RequestActor.ContextKey, out var value) ? value as string : null;
        if (sent is { Length: > NMcs.Storage.Resources.AuditTrail.MaxActorLength })
        {
            throw new DomainException("INVALID_ACTOR", Http.RequestActor.Header, $"the {Http.RequestActor.Header} header is longer than {NMcs.Storage.Resources.AuditTrail.MaxActorLength} characters; send the user's id or login name.");
        }

        return NMcs.Storage.Resources.AuditTrail.NormaliseActor(sent);
    }
}
