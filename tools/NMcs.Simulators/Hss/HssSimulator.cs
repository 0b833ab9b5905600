using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NMcs.Simulators.Faults;

namespace NMcs.Simulators.Hss;

/// <summary>
/// HSS network element simulator: SPML 2.0 requests in SOAP 1.1 envelopes, HTTP POST to <see cref="SpmlPath"/> on
/// 127.0.0.1 (Kestrel), with HTTP Basic or WS-Security UsernameToken credentials. <c>POST /admin/fault?kind=…</c>
/// arms a fault without credentials.
/// </summary>
internal sealed class HssSimulator : IAsyncDisposable
{
    /// <summary>HTTP path of the SPML endpoint.</summary>
    public const string SpmlPath = "/spml";

    /// <summary>HTTP path of the fault admin request.</summary>
    public const string FaultPath = "/admin/fault";

    /// <summary>Largest request body accepted, in bytes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyBytes,
    };

    private readonly HssSubscriberTable _table = new();
    private readonly HssCredentials _credentials;
    private readonly SpmlRequestHandler _handler;
    private WebApplication? _app;

    /// <summary>Creates a stopped simulator that accepts one operator account.</summary>
    /// <param name="user">Accepted user name.</param>
    /// <param name="password">Accepted password.</param>
    /// <param name="timeProvider">Clock for asynchronous request delays; the system clock by default.</param>
    public HssSimulator(string user = "nmcs", string password = "nmcs", TimeProvider? timeProvider = null)
    {
        _credentials = new HssCredentials(user, password);
        AsyncRequests = new HssAsyncRequests(timeProvider ?? TimeProvider.System);
        _handler = new SpmlRequestHandler(_table, AsyncRequests);
    }

    /// <summary>Fault injection control; faults hit SPML requests (not admin requests) in arrival order.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Asynchronous requests: delay, pause and resume their execution.</summary>
    public HssAsyncRequests AsyncRequests { get; }

    /// <summary>The bound port, known after <see cref="StartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Snapshot of the subscriber table, ordered by MSISDN.</summary>
    public IReadOnlyList<HssSubscriber> Subscribers => _table.Snapshot();

    /// <summary>Binds 127.0.0.1 and starts serving.</summary>
    /// <param name="port">Port to bind; 0 picks an ephemeral one.</param>
    /// <returns>A task completing once listening.</returns>
    public async Task StartAsync(int port = 0)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the simulator is already started");
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.Run(ServeAsync);
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    /// <summary>Stops serving; requests in progress are given two seconds, then their connections are closed.</summary>
    /// <returns>A task completing when stopped.</returns>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }

        AsyncRequests.Resume();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ServeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        switch (context.Request.Path.Value)
        {
            case FaultPath:
                await ArmFaultAsync(context);
                return;
            case SpmlPath:
                await ServeSpmlAsync(context);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private async Task ArmFaultAsync(HttpContext context)
    {
        var settings = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (!FaultSettings.TryParse(settings, SpmlErrorCode.IsKnown, out var fault, out var error))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(error + "\n", context.RequestAborted);
            return;
        }

        if (fault is null)
        {
            Faults.Clear();
        }
        else
        {
            Faults.Inject(fault);
        }

        await context.Response.WriteAsync("OK\n", context.RequestAborted);
    }

    private async Task ServeSpmlAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }

        var fault = Faults.Next();
        switch (fault?.Kind)
        {
            case FaultKind.Drop:
                context.Abort();
                return;
            case FaultKind.Garbage:
                context.Response.ContentType = "text/xml; charset=utf-8";
                await context.Response.Body.WriteAsync(Faults.Garbage(), cancellationToken);
                return;
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMilliseconds, cancellationToken);
                break;
            default:
                break;
        }

        XDocument document;
        try
        {
            using var text = new StringReader(body);
            using var xml = XmlReader.Create(text, ReaderSettings);
            document = XDocument.Load(xml);
        }
        catch (XmlException e)
        {
            await WriteAsync(context, StatusCodes.Status500InternalServerError, SoapEnvelope.Fault("soap:Client", "body is not XML: " + e.Message));
            return;
        }

        var envelope = document.Root;
        var requests = envelope?.Name == SpmlNamespaces.Soap + "Envelope"
            ? envelope.Element(SpmlNamespaces.Soap + "Body")?.Elements().ToList()
            : null;
        if (requests is not { Count: 1 })
        {
            await WriteAsync(context, StatusCodes.Status500InternalServerError, SoapEnvelope.Fault("soap:Client", "expected a SOAP 1.1 Envelope whose Body holds exactly one SPML request"));
            return;
        }

        if (!_credentials.AcceptsBasic(context.Request.Headers.Authorization)
            && !_credentials.AcceptsUsernameToken(envelope!.Element(SpmlNamespaces.Soap + "Header")))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"nmcs-hss\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, SoapEnvelope.Fault("wsse:FailedAuthentication", "user name or password is wrong; send HTTP Basic auth or a WS-Security UsernameToken"));
            return;
        }

        var response = fault?.Kind == FaultKind.Error
            ? SpmlRequestHandler.Failure(requests[0], fault.ErrorCode ?? SpmlErrorCode.CustomError, "injected fault")
            : _handler.Handle(requests[0]);
        if (fault?.Kind == FaultKind.LoseReply)
        {
            context.Abort();
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, SoapEnvelope.Wrap(response));
    }

    private static async Task WriteAsync(HttpContext context, int status, XDocument envelope)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml; charset=utf-8";
        await context.Response.WriteAsync(envelope.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }
}
