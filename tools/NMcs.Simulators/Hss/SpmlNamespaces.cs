using System.Xml.Linq;

namespace NMcs.Simulators.Hss;

/// <summary>XML namespaces on the HSS port.</summary>
internal static class SpmlNamespaces
{
    /// <summary>SOAP 1.1 envelope.</summary>
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";

    /// <summary>SPML 2.0 core.</summary>
    public static readonly XNamespace Spml = "urn:oasis:names:tc:SPML:2:0";

    /// <summary>SPML 2.0 batch capability.</summary>
    public static readonly XNamespace Batch = "urn:oasis:names:tc:SPML:2:0:batch";

    /// <summary>SPML 2.0 async capability.</summary>
    public static readonly XNamespace Async = "urn:oasis:names:tc:SPML:2:0:async";

    /// <summary>WS-Security 1.0 extension (UsernameToken).</summary>
    public static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    /// <summary>The simulator's own schema for the <c>subscriber</c> element inside <c>spml:data</c>.</summary>
    public static readonly XNamespace Subscriber = "urn:nmcs:hss:subscriber:1";
}
