using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using NMcs.Simulators.Hss;

namespace NMcs.Simulators.Tests;

/// <summary>Posts raw SOAP/SPML to the HSS simulator over a real socket; requests time out so a broken simulator fails instead of hanging.</summary>
internal sealed class HssTestClient : IDisposable
{
    public static readonly XNamespace Spml = SpmlNamespaces.Spml;
    public static readonly XNamespace Batch = SpmlNamespaces.Batch;
    public static readonly XNamespace Async = SpmlNamespaces.Async;
    public static readonly XNamespace Sub = SpmlNamespaces.Subscriber;

    private readonly HttpClient _http;

    public HssTestClient(int port, string? user = "nmcs", string? password = "nmcs")
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
        if (user is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
    }

    public static XElement Envelope(XElement request, XElement? header = null) => new(
        SpmlNamespaces.Soap + "Envelope",
        header is null ? null : new XElement(SpmlNamespaces.Soap + "Header", header),
        new XElement(SpmlNamespaces.Soap + "Body", request));

    public static XElement Add(string msisdn, string imsi, int? profile = null, string? apn = null, string? requestId = null) => new(
        Spml + "addRequest",
        requestId is null ? null : new XAttribute("requestID", requestId),
        new XElement(Spml + "psoID", new XAttribute("ID", msisdn)),
        new XElement(Spml + "data", Subscriber(imsi: imsi, profile: profile, apn: apn)));

    public static XElement Modify(string msisdn, XElement subscriber) => new(
        Spml + "modifyRequest",
        new XElement(Spml + "psoID", new XAttribute("ID", msisdn)),
        new XElement(Spml + "modification", new XAttribute("modificationMode", "replace"), new XElement(Spml + "data", subscriber)));

    public static XElement Lookup(string msisdn) => new(Spml + "lookupRequest", new XElement(Spml + "psoID", new XAttribute("ID", msisdn)));

    public static XElement Delete(string msisdn) => new(Spml + "deleteRequest", new XElement(Spml + "psoID", new XAttribute("ID", msisdn)));

    public static XElement Subscriber(string? imsi = null, int? profile = null, bool? barred = null, string? apn = null) => new(
        Sub + "subscriber",
        imsi is null ? null : new XElement(Sub + "imsi", imsi),
        profile is null ? null : new XElement(Sub + "profile", profile),
        barred is null ? null : new XElement(Sub + "barred", barred.Value ? "true" : "false"),
        apn is null ? null : new XElement(Sub + "apn", apn));

    /// <summary>Sends one SPML request with Basic auth and returns the one body element of the 200 reply.</summary>
    public async Task<XElement> SpmlAsync(XElement request)
    {
        var (status, body) = await PostAsync(Envelope(request).ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        return Assert.Single(XDocument.Parse(body).Root!.Element(SpmlNamespaces.Soap + "Body")!.Elements());
    }

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string body, string path = HssSimulator.SpmlPath)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/xml");
        using var response = await _http.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
