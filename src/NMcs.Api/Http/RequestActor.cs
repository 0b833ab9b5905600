using Microsoft.AspNetCore.Http;

namespace NMcs.Api.Http;

/// <summary>
/// Who a GraphQL request acts for, as written to the audit trail. There is no user authentication yet: the portal
/// or the reverse proxy in front of the API sets the <c>X-NMcs-Actor</c> header to the signed-in user; a request
/// without it acts as <c>anonymous</c>. Once authentication exists the actor comes from the authenticated principal
/// and the header is ignored.
/// </summary>
public static class RequestActor
{
    /// <summary>The request header naming the actor.</summary>
    public const string Header = "X-NMcs-Actor";

    /// <summary>The key under which the actor travels in the GraphQL user context.</summary>
    public const string ContextKey = "nmcs.actor";

    /// <summary>The header's value as sent (trimmed), or null when absent or empty.</summary>
    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Headers[Header].ToString().Trim();
        return value.Length == 0 ? null : value;
    }
}
