using System.Xml.Linq;

namespace NMcs.Simulators.Hss;

/// <summary>SOAP 1.1 envelopes around SPML payloads.</summary>
internal static class SoapEnvelope
{
    /// <summary>Wraps one body element.</summary>
    /// <param name="body">The SPML response.</param>
    /// <returns>The envelope.</returns>
    public static XDocument Wrap(XElement body) => new(
        new XElement(
            SpmlNamespaces.Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", SpmlNamespaces.Soap),
            new XElement(SpmlNamespaces.Soap + "Body", body)));

    /// <summary>A SOAP 1.1 fault.</summary>
    /// <param name="code">The <c>faultcode</c> (qualified, e.g. <c>soap:Client</c>).</param>
    /// <param name="text">The <c>faultstring</c>.</param>
    /// <returns>The envelope.</returns>
    public static XDocument Fault(string code, string text) => Wrap(
        new XElement(
            SpmlNamespaces.Soap + "Fault",
            new XAttribute(XNamespace.Xmlns + "wsse", SpmlNamespaces.Wsse),
            new XElement("faultcode", code),
            new XElement("faultstring", text)));
}
