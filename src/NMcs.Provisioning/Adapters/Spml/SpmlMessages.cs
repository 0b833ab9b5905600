using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>
/// Renders subscriber commands as SPML 2.0 requests in SOAP 1.1 envelopes and reads the responses. Subscriber fields
/// travel in a <c>subscriber</c> element of namespace <c>urn:nmcs:hss:subscriber:1</c> inside <c>spml:data</c>.
/// </summary>
internal static class SpmlMessages
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
    /// <summary>The HSS's subscriber schema inside <c>spml:data</c>.</summary>
    public static readonly XNamespace Subscriber = "urn:nmcs:hss:subscriber:1";

    private const string PasswordText = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
    };

    /// <summary>The SPML request for a command, or null when the command holds no field the HSS keeps (a no-op).</summary>
    public static XElement? Request(SubscriberCommand command, string requestId)
    {
        var psoId = new XElement(Spml + "psoID", new XAttribute("ID", command.Msisdn));
        switch (command.Action)
        {
            case SubscriberAction.Create:
                return new XElement(
                    Spml + "addRequest",
                    new XAttribute("requestID", requestId),
                    new XAttribute("returnData", "identifier"),
                    psoId,
                    new XElement(Spml + "data", SubscriberData(command with { Apn = command.Apn is { Length: 0 } ? null : command.Apn }, withMsisdn: true)));
            case SubscriberAction.Modify:
                var data = SubscriberData(command, withMsisdn: false);
                return !data.HasElements
                    ? null
                    : new XElement(
                        Spml + "modifyRequest",
                        new XAttribute("requestID", requestId),
                        new XAttribute("returnData", "identifier"),
                        psoId,
                        new XElement(Spml + "modification", new XAttribute("modificationMode", "replace"), new XElement(Spml + "data", data)));
            case SubscriberAction.Delete:
                return new XElement(Spml + "deleteRequest", new XAttribute("requestID", requestId), psoId);
            case SubscriberAction.Get:
                return new XElement(Spml + "lookupRequest", new XAttribute("requestID", requestId), new XAttribute("returnData", "data"), psoId);
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Action, "unknown subscriber action");
        }
    }

    /// <summary>A batch of requests.</summary>
    public static XElement BatchRequest(IEnumerable<XElement> requests, SpmlBatchOnError onError, string requestId) => new(
        Batch + "batchRequest",
        new XAttribute("requestID", requestId),
        new XAttribute("processing", "sequential"),
        new XAttribute("onError", onError == SpmlBatchOnError.Exit ? "exit" : "resume"),
        requests);

    /// <summary>The status request for an asynchronous request, asking for its result.</summary>
    public static XElement StatusRequest(string asyncRequestId, string requestId) => new(
        Async + "statusRequest",
        new XAttribute("requestID", requestId),
        new XAttribute("asyncRequestID", asyncRequestId),
        new XAttribute("returnResults", "true"));

    /// <summary>The SOAP 1.1 envelope around a request, with a UsernameToken when credentials are given.</summary>
    public static string Envelope(XElement request, string? user, string? password)
    {
        var header = user is null
            ? null
            : new XElement(
                Soap + "Header",
                new XElement(
                    Wsse + "Security",
                    new XAttribute(XNamespace.Xmlns + "wsse", Wsse),
                    new XElement(
                        Wsse + "UsernameToken",
                        new XElement(Wsse + "Username", user),
                        new XElement(Wsse + "Password", new XAttribute("Type", PasswordText), password ?? string.Empty))));
        var envelope = new XElement(
            Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Soap),
            new XAttribute(XNamespace.Xmlns + "spml", Spml),
            header,
            new XElement(Soap + "Body", request));
        return envelope.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The one element in the SOAP body of a reply; throws <see cref="NeTransportException"/> when there is none.</summary>
    public static XElement ResponseBody(string text)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), ReaderSettings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new NeTransportException("reply is not XML: " + e.Message, e);
        }

        var body = document.Root?.Name == Soap + "Envelope" ? document.Root.Element(Soap + "Body") : null;
        var elements = body?.Elements().ToList();
        if (elements is not { Count: 1 })
        {
            throw new NeTransportException("reply is not a SOAP envelope with one body element");
        }

        if (elements[0].Name == Soap + "Fault")
        {
            throw new NeTransportException("SOAP fault: " + (string?)elements[0].Element("faultstring"));
        }

        return elements[0];
    }

    /// <summary>The <c>status</c> of a response: success, failure or pending; throws when it is anything else.</summary>
    public static string Status(XElement response) => (string?)response.Attribute("status") switch
    {
        "success" => "success",
        "failure" => "failure",
        "pending" => "pending",
        var other => throw new NeTransportException($"<{response.Name.LocalName}> has status '{other}'; expected success, failure or pending"),
    };

    /// <summary>The reply for a finished (success or failure) response to <paramref name="command"/>.</summary>
    public static NeReply Reply(string elementId, SubscriberCommand command, XElement response)
    {
        if (Status(response) == "failure")
        {
            return Failure(elementId, response);
        }

        if (command.Action != SubscriberAction.Get)
        {
            return new NeReply(elementId, NeOutcome.Succeeded, 0, "success");
        }

        var fields = response.Element(Spml + "pso")?.Element(Spml + "data")?.Element(Subscriber + "subscriber")
            ?? throw new NeTransportException("lookupResponse has no pso/data/subscriber");
        return new NeReply(elementId, NeOutcome.Succeeded, 0, "success", ReadSubscriber(command.Msisdn, fields));
    }

    /// <summary>The rejection carried by a <c>status="failure"</c> response.</summary>
    public static NeReply Failure(string elementId, XElement response)
    {
        var error = (string?)response.Attribute("error");
        var message = (string?)response.Element(Spml + "errorMessage");
        var code = SpmlErrorCodes.FromName(error);
        return new NeReply(elementId, NeOutcome.Rejected, code, $"{error ?? "failure"}: {message ?? "no message"}") { NoSuchSubscriber = code == SpmlErrorCodes.NoSuchIdentifier };
    }

    private static NeSubscriber ReadSubscriber(string msisdn, XElement fields)
    {
        var profile = (string?)fields.Element(Subscriber + "profile");
        var barred = (string?)fields.Element(Subscriber + "barred");
        return new NeSubscriber(
            (string?)fields.Element(Subscriber + "msisdn") ?? msisdn,
            (string?)fields.Element(Subscriber + "imsi"),
            int.TryParse(profile, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null,
            barred is null ? null : barred is "true" or "1",
            (string?)fields.Element(Subscriber + "apn"));
    }

    private static XElement SubscriberData(SubscriberCommand command, bool withMsisdn) => new(
        Subscriber + "subscriber",
        new XAttribute("xmlns", Subscriber),
        withMsisdn ? new XElement(Subscriber + "msisdn", command.Msisdn) : null,
        command.Imsi is null ? null : new XElement(Subscriber + "imsi", command.Imsi),
        command.Profile is not { } profile ? null : new XElement(Subscriber + "profile", profile.ToString(CultureInfo.InvariantCulture)),
        command.Barred is not { } barred ? null : new XElement(Subscriber + "barred", barred ? "true" : "false"),
        command.Apn is null ? null : new XElement(Subscriber + "apn", command.Apn));
}
