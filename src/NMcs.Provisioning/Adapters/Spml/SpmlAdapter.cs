using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>
/// Talks SPML 2.0 in SOAP 1.1 envelopes over HTTP POST to an HSS. Connections are pooled by the HTTP handler
/// (at most <see cref="NetworkElementOptions.PoolSize"/>). One attempt per call: a dropped connection, a timeout, a
/// non-SOAP or unparseable reply throw <see cref="NeTransportException"/>; an SPML <c>failure</c> and refused
/// credentials come back as <see cref="NeOutcome.Rejected"/> with the codes of <see cref="SpmlErrorCodes"/>.
/// </summary>
public sealed class SpmlAdapter : INetworkElementAdapter
{
    private const int MaxReplyBytes = 4 * 1024 * 1024;
    private readonly NetworkElementOptions _options;
    private readonly SpmlAdapterOptions _spml;
    private readonly TimeProvider _timeProvider;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string? _password;

    /// <summary>Creates the adapter and its connection pool.</summary>
    /// <param name="options">The element: host, port, path, credentials, pool size and timeouts.</param>
    /// <param name="spmlOptions">Execution mode and authentication; defaults when null.</param>
    /// <param name="timeProvider">Clock for timeouts and polling; the system clock when null.</param>
    public SpmlAdapter(NetworkElementOptions options, SpmlAdapterOptions? spmlOptions = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PoolSize < 1)
        {
            throw new ArgumentException($"PoolSize of element {options.Id} is {options.PoolSize}; it must be at least 1", nameof(options));
        }

        if (options.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port of element {options.Id} is {options.Port}; it must be 1..65535", nameof(options));
        }

        _options = options;
        _spml = spmlOptions ?? new SpmlAdapterOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _password = options.ResolvePassword();
        _endpoint = new UriBuilder(Uri.UriSchemeHttp, options.Host, options.Port, options.Path).Uri;
        _http = new HttpClient(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = options.PoolSize,
                ConnectTimeout = options.ConnectTimeout,
                AllowAutoRedirect = false,
                UseCookies = false,
            })
        {
            // Each call has its own deadline (CommandTimeout), measured with the TimeProvider.
            Timeout = Timeout.InfiniteTimeSpan,

            // SPML replies to single-subscriber requests are small; a huge body is garbage, not an answer.
            MaxResponseContentBufferSize = MaxReplyBytes,
        };
    }

    /// <inheritdoc />
    public string ElementId => _options.Id;

    /// <inheritdoc />
    public async Task<NeReply> ExecuteAsync(SubscriberCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = SpmlMessages.Request(command, NewRequestId());
        if (request is null)
        {
            return new NeReply(ElementId, NeOutcome.Succeeded, 0, "nothing to change: the command holds no field the HSS keeps");
        }

        var (response, refused) = await RunAsync(request, cancellationToken);
        return refused ?? SpmlMessages.Reply(ElementId, command, response!);
    }

    /// <summary>
    /// Sends the commands in one SPML <c>batchRequest</c> (sequential). Returns one reply per command, in order; with
    /// <see cref="SpmlBatchOnError.Exit"/> the commands after the first failure are not run and come back
    /// <see cref="NeOutcome.Rejected"/> without a code. Throws <see cref="NeTransportException"/> when the batch
    /// got no usable answer (then any prefix of it may have run).
    /// </summary>
    /// <param name="commands">The commands.</param>
    /// <param name="onError">Whether the element stops at the first failure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The replies.</returns>
    public async Task<IReadOnlyList<NeReply>> ExecuteBatchAsync(
        IReadOnlyList<SubscriberCommand> commands,
        SpmlBatchOnError onError,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var replies = new NeReply?[commands.Count];
        var sent = new List<(int Index, XElement Request)>();
        for (var i = 0; i < commands.Count; i++)
        {
            var request = SpmlMessages.Request(commands[i], NewRequestId());
            if (request is null)
            {
                replies[i] = new NeReply(ElementId, NeOutcome.Succeeded, 0, "nothing to change: the command holds no field the HSS keeps");
            }
            else
            {
                sent.Add((i, request));
            }
        }

        if (sent.Count > 0)
        {
            var batch = SpmlMessages.BatchRequest(sent.Select(s => s.Request), onError, NewRequestId());
            var (response, refused) = await RunAsync(batch, cancellationToken);
            var nested = response?.Elements().Where(e => e.Name != SpmlMessages.Spml + "errorMessage").ToList() ?? [];
            if (refused is null && nested.Count == 0 && response!.Attribute("error") is not null)
            {
                // The batch itself was refused (e.g. malformed): none of its requests ran.
                refused = SpmlMessages.Failure(ElementId, response);
            }
            else if (refused is null && (nested.Count > sent.Count || (onError == SpmlBatchOnError.Resume && nested.Count < sent.Count)))
            {
                throw new NeTransportException($"batchResponse holds {nested.Count} responses for {sent.Count} requests (onError={onError})");
            }

            for (var j = 0; j < sent.Count; j++)
            {
                var (index, _) = sent[j];
                replies[index] = refused
                    ?? (j < nested.Count
                        ? SpmlMessages.Reply(ElementId, commands[index], nested[j])
                        : new NeReply(ElementId, NeOutcome.Rejected, null, "not run: the batch stopped at an earlier failure (onError=exit)"));
            }
        }

        return replies!;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>Sends the request (and, in asynchronous mode, polls its status) within the command timeout.</summary>
    /// <returns>The finished response, or a rejection when the credentials were refused.</returns>
    private async Task<(XElement? Response, NeReply? Refused)> RunAsync(XElement request, CancellationToken cancellationToken)
    {
        var asynchronous = _spml.ExecutionMode == SpmlExecutionMode.Asynchronous;
        if (asynchronous)
        {
            request.SetAttributeValue("executionMode", "asynchronous");
        }

        using var deadline = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var (response, refused) = await SendAsync(request, linked.Token);
            if (refused is not null)
            {
                return (null, refused);
            }

            var status = SpmlMessages.Status(response!);
            if (status != "pending")
            {
                return (response, null);
            }

            if (!asynchronous)
            {
                throw new NeTransportException("the element answered pending to a synchronous request");
            }

            var asyncId = (string?)response!.Attribute("requestID")
                ?? throw new NeTransportException("a pending reply without requestID cannot be polled");
            while (true)
            {
                await Task.Delay(_spml.StatusPollInterval, _timeProvider, linked.Token);
                var (statusResponse, statusRefused) = await SendAsync(SpmlMessages.StatusRequest(asyncId, NewRequestId()), linked.Token);
                if (statusRefused is not null)
                {
                    return (null, statusRefused);
                }

                var state = SpmlMessages.Status(statusResponse!);
                var result = statusResponse!.Elements().FirstOrDefault(e => e.Name != SpmlMessages.Spml + "errorMessage");
                if (state == "pending")
                {
                    continue;
                }

                if (result is null)
                {
                    // The status request itself failed (e.g. noSuchRequest): the command may or may not have run.
                    throw new NeTransportException(
                        $"status of request {asyncId} unknown: {(string?)statusResponse.Attribute("error")} {(string?)statusResponse.Element(SpmlMessages.Spml + "errorMessage")}");
                }

                return (result, null);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NeTransportException($"no answer from {ElementId} within {_options.CommandTimeout.TotalMilliseconds} ms", e);
        }
        catch (HttpRequestException e)
        {
            throw new NeTransportException($"HTTP exchange with {ElementId} failed: {e.Message}", e);
        }
    }

    private async Task<(XElement? Response, NeReply? Refused)> SendAsync(XElement request, CancellationToken cancellationToken)
    {
        var tokenAuth = _spml.Authentication == SpmlAuthentication.UsernameToken && _options.User is not null;
        var envelope = SpmlMessages.Envelope(request, tokenAuth ? _options.User : null, _password);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(envelope, Encoding.UTF8, "text/xml"),
        };
        message.Headers.Add("SOAPAction", "\"\"");
        if (!tokenAuth && _options.User is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.User}:{_password}"));
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        using var response = await _http.SendAsync(message, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return (null, new NeReply(ElementId, NeOutcome.Rejected, SpmlErrorCodes.AuthenticationFailed, $"{ElementId} refused the credentials of user '{_options.User}' (HTTP {(int)response.StatusCode})"));
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // A SOAP fault (HTTP 500) says why; anything else is a broken exchange.
            SpmlMessages.ResponseBody(body);
            throw new NeTransportException($"HTTP {(int)response.StatusCode} from {ElementId}");
        }

        var element = SpmlMessages.ResponseBody(body);
        var id = (string?)element.Attribute("requestID");
        if (id is not null && id != (string?)request.Attribute("requestID"))
        {
            throw new NeTransportException($"reply is for request {id}, not {(string?)request.Attribute("requestID")}");
        }

        return (element, null);
    }
}
