namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>How the SPML adapter sends the element's user name and password.</summary>
public enum SpmlAuthentication
{
    /// <summary>HTTP <c>Authorization: Basic</c> header.</summary>
    Basic = 1,

    /// <summary>WS-Security 1.0 <c>UsernameToken</c> with a plain-text password in the SOAP header.</summary>
    UsernameToken = 2,
}
