using System.Text;
using System.Xml.Linq;

namespace NMcs.Simulators.Hss;

/// <summary>The one operator account the HSS accepts, as HTTP Basic auth or a WS-Security UsernameToken.</summary>
/// <param name="User">User name.</param>
/// <param name="Password">Password.</param>
internal sealed record HssCredentials(string User, string Password)
{
    /// <summary>Whether an <c>Authorization: Basic …</c> header value carries the account.</summary>
    /// <param name="authorization">The header value, or null.</param>
    /// <returns>True on a match.</returns>
    public bool AcceptsBasic(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[Scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Accepts(decoded[..colon], decoded[(colon + 1)..]);
    }

    /// <summary>
    /// Whether the SOAP header holds <c>wsse:Security/wsse:UsernameToken</c> with the account and a plain-text
    /// password (no digest).
    /// </summary>
    /// <param name="header">The <c>soap:Header</c> element, or null.</param>
    /// <returns>True on a match.</returns>
    public bool AcceptsUsernameToken(XElement? header)
    {
        var token = header?.Element(SpmlNamespaces.Wsse + "Security")?.Element(SpmlNamespaces.Wsse + "UsernameToken");
        var user = token?.Element(SpmlNamespaces.Wsse + "Username")?.Value;
        var password = token?.Element(SpmlNamespaces.Wsse + "Password");
        var type = (string?)password?.Attribute("Type");
        return user is not null
            && password is not null
            && (type is null || type.EndsWith("#PasswordText", StringComparison.Ordinal))
            && Accepts(user.Trim(), password.Value);
    }

    private bool Accepts(string user, string password) =>
        string.Equals(user, User, StringComparison.Ordinal) && string.Equals(password, Password, StringComparison.Ordinal);
}
