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
}
