using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace NMcs.IntegrationTests.Http;

/// <summary>How to start a host: with or without the advanceable test clock.</summary>
/// <param name="TestClock">Start with <c>NMcs:TestClock:Enabled=true</c>.</param>
/// <param name="TestClockStart">Initial platform time of the test clock.</param>
/// <param name="Arguments">More command-line arguments, e.g. <c>--NMcs:Ingestion:MaxRecordsInFlight=5</c>.</param>
/// <param name="Environment">Environment variables of the host process (configuration such as API keys).</param>
public sealed record HostOptions(
    bool TestClock,
    DateTimeOffset? TestClockStart = null,
    IReadOnlyList<string>? Arguments = null,
    IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>The start of the scenarios: 2026-03-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset March1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Test clock on, starting 2026-03-01T00:00:00Z.</summary>
    public static HostOptions WithTestClock => new(true, March1);

    /// <summary>System clock; advanceClock is refused.</summary>
    public static HostOptions WithSystemClock => new(false);
}

/// <summary>
/// The real N-MCS host (<c>dotnet NMcs.Host.dll</c>) as a child process on 127.0.0.1 with free ports and a fresh
/// temporary data directory. Captures stdout and stderr so failures can show what the host said; can be killed
/// with SIGKILL and restarted on the same data directory.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>Longest wait for <c>/readyz</c> to answer 200 after a start.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The GraphQL-over-HTTP response media type.</summary>
    public const string GraphQLResponseMediaType = "application/graphql-response+json";

    private const int MaxLogChars = 2_000_000;
    private static readonly ConcurrentDictionary<int, Process> LiveProcesses = new();
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.General);

    private readonly HostOptions _options;
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();
    private Process? _process;
    private HttpClient? _http;
    private int _launches;

    static HostProcess()
    {
        // If the test run is torn down without disposing fixtures, do not leave hosts behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in LiveProcesses.Values)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
        };
    }

    private HostProcess(HostOptions options, string dataDirectory)
    {
        _options = options;
        DataDirectory = dataDirectory;
    }

    /// <summary>The host's data directory (kept across <see cref="RestartAsync"/>).</summary>
    public string DataDirectory { get; }

    /// <summary>The HTTP port of the current run.</summary>
    public int HttpPort { get; private set; }

    /// <summary>Base address of the current run, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}/"));

    /// <summary>A client for the current run.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("the host is not running; call RestartAsync.");

    /// <summary>Process id of the current run.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the host is not running.");

    /// <summary>Whether the child process is alive.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Current length of the captured output, to show only what a test caused (see <see cref="LogSince"/>).</summary>
    public int LogMark
    {
        get
        {
            lock (_logLock)
            {
                return _log.Length;
            }
        }
    }

    /// <summary>Starts a host on a fresh temporary data directory and waits until it is ready.</summary>
    public static async Task<HostProcess> StartAsync(HostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.Combine(Path.GetTempPath(), "nmcs-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var host = new HostProcess(options, directory);
        try
        {
            await host.LaunchAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Captured output since <paramref name="mark"/> (a <see cref="LogMark"/>).</summary>
    public string LogSince(int mark)
    {
        lock (_logLock)
        {
            mark = Math.Clamp(mark, 0, _log.Length);
            return _log.ToString(mark, _log.Length - mark);
        }
    }

    /// <summary>The last <paramref name="chars"/> characters of the captured output.</summary>
    public string LogTail(int chars = 12_000)
    {
        lock (_logLock)
        {
            var start = Math.Max(0, _log.Length - chars);
            return (start > 0 ? "…" : string.Empty) + _log.ToString(start, _log.Length - start);
        }
    }

    /// <summary>SIGKILL (kill -9) of the host and its process tree: no shutdown code runs.</summary>
    public void Kill()
    {
        var process = _process ?? throw new InvalidOperationException("the host is not running.");
        AppendLog($"=== test: SIGKILL pid {process.Id} ===");
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw Failure($"host pid {process.Id} did not exit within 30 s of SIGKILL.");
        }

        process.WaitForExit(); // flushes the redirected output
        ForgetProcess();
    }

    /// <summary>Starts the host again on the same data directory (new ports), killing a running one first.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            Kill();
        }

        await LaunchAsync();
    }

    /// <summary>POSTs a GraphQL request and returns status, media type and the parsed body.</summary>
    public async Task<GraphQLHttpResult> PostGraphQLAsync(string query, object? variables = null, string accept = GraphQLResponseMediaType)
    {
        var payload = JsonSerializer.Serialize(new { query, variables }, RequestJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("graphql", UriKind.Relative));
        request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
        request.Headers.Accept.ParseAdd(accept);
        return await SendGraphQLAsync(request);
    }

    /// <summary>Sends a prepared GraphQL request (any method, headers and body).</summary>
    public async Task<GraphQLHttpResult> SendGraphQLAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonDocument body;
        try
        {
            body = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Failure($"{request.Method} /graphql answered {(int)response.StatusCode} with a body that is not JSON ({e.Message}):\n{text}");
        }

        return new GraphQLHttpResult(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Content.Headers.Allow.ToList(),
            body);
    }

    /// <summary>The GraphQL client: POSTs a document, returns the response body.</summary>
    public async Task<JsonDocument> GraphQLAsync(string query, object? variables = null) =>
        (await PostGraphQLAsync(query, variables)).Body;

    /// <summary>Runs a document that must succeed: answers 200 without errors; returns <c>data</c>.</summary>
    public async Task<JsonElement> QueryAsync(string query, object? variables = null)
    {
        var result = await PostGraphQLAsync(query, variables);
        using var body = result.Body;
        var root = body.RootElement;
        if (result.Status != HttpStatusCode.OK || root.TryGetProperty("errors", out _) || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw Failure($"GraphQL request failed with {(int)result.Status}:\n{query}\n→ {root.GetRawText()}");
        }

        return data.Clone();
    }

    /// <summary>Runs a document that must be refused in execution; returns the first error.</summary>
    public async Task<GraphQLError> ExpectErrorAsync(string query, object? variables = null)
    {
        var result = await PostGraphQLAsync(query, variables);
        using var body = result.Body;
        var root = body.RootElement;
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
        {
            throw Failure($"expected a GraphQL error, got {(int)result.Status}:\n{query}\n→ {root.GetRawText()}");
        }

        if (result.Status != HttpStatusCode.OK)
        {
            throw Failure($"a refusal during execution must still answer 200, got {(int)result.Status}: {root.GetRawText()}");
        }

        var first = errors[0];
        string? code = null, field = null;
        if (first.TryGetProperty("extensions", out var extensions))
        {
            code = extensions.TryGetProperty("code", out var c) ? c.GetString() : null;
            field = extensions.TryGetProperty("field", out var f) ? f.GetString() : null;
        }

        return new GraphQLError(code, field, first.GetProperty("message").GetString() ?? string.Empty, root.GetRawText());
    }

    /// <summary>The ingest client: POSTs records as a JSON array to <c>/ingest/usage</c>.</summary>
    public Task<IngestHttpResult> IngestAsync(IEnumerable<object> records) =>
        IngestRawAsync(JsonSerializer.Serialize(records, RequestJson), "application/json");

    /// <summary>POSTs a raw body to <c>/ingest/usage</c>.</summary>
    public async Task<IngestHttpResult> IngestRawAsync(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await Http.PostAsync(new Uri("ingest/usage", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Failure($"/ingest/usage answered {(int)response.StatusCode} with a body that is not JSON ({e.Message}):\n{text}");
        }

        return new IngestHttpResult(response.StatusCode, document);
    }

    /// <summary>Ingests records that must be answered 200; returns the parsed answer.</summary>
    public async Task<IngestAnswer> IngestOkAsync(IEnumerable<object> records)
    {
        var result = await IngestAsync(records);
        using var body = result.Body;
        if (result.Status != HttpStatusCode.OK)
        {
            throw Failure($"/ingest/usage answered {(int)result.Status}: {body.RootElement.GetRawText()}");
        }

        return IngestAnswer.From(body.RootElement);
    }

    /// <summary>An assertion failure that carries the host's recent output.</summary>
    public XunitException Failure(string message) =>
        new(message + "\n\n--- host output (tail) ---\n" + LogTail());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
            }

            ForgetProcess();
        }

        for (var attempt = 0; attempt < 5 && Directory.Exists(DataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task LaunchAsync()
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts(3);
            HttpPort = ports[0];
            var mark = LogMark;
            StartProcess(ports[1], ports[2]);
            var ready = await WaitReadyAsync(mark);
            if (ready)
            {
                return;
            }

            // Exited before ready. A port taken between probing and binding is worth another try.
            var said = LogSince(mark);
            ForgetProcess();
            if (attempt < attempts && said.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw Failure($"the host exited before it was ready (attempt {attempt}).");
        }
    }

    private void StartProcess(int siloPort, int gatewayPort)
    {
        var (dotnet, hostDll) = (DotnetExecutable(), HostDll());
        var start = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}"));
        start.ArgumentList.Add("--NMcs:DataDirectory=" + DataDirectory);
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--NMcs:Silo:SiloPort={siloPort}"));
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--NMcs:Silo:GatewayPort={gatewayPort}"));
        if (_options.TestClock)
        {
            start.ArgumentList.Add("--NMcs:TestClock:Enabled=true");
            if (_options.TestClockStart is { } clockStart)
            {
                start.ArgumentList.Add("--NMcs:TestClock:Start=" + clockStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }
        }

        foreach (var argument in _options.Arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        // The test runner's own settings must not leak into the host.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in _options.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _launches++;
        AppendLog($"=== test: launch #{_launches}: {dotnet} {string.Join(' ', start.ArgumentList)} ===");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data is null ? null : "[stderr] " + e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw Failure($"could not start {dotnet} {hostDll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        LiveProcesses[process.Id] = process;
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Polls <c>/readyz</c> until 200 (true), the process exits (false), or the deadline (failure). A 200 counts only
    /// once this run's own output (since <paramref name="mark"/>) says it listens on <see cref="HttpPort"/>: the port
    /// was free when probed, but another test's host can take it before this one binds, and its <c>/readyz</c> would
    /// otherwise pass for this host's (seen in CI: "ready" after 0.4 s, then "connection refused" once that other
    /// host stopped).
    /// </summary>
    private async Task<bool> WaitReadyAsync(int mark)
    {
        var process = _process!;
        var listening = string.Create(CultureInfo.InvariantCulture, $"Now listening on: http://127.0.0.1:{HttpPort}");
        var deadline = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var last = "no answer yet";
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            if (!LogSince(mark).Contains(listening, StringComparison.Ordinal))
            {
                last = "this run has not yet said it listens on port " + HttpPort.ToString(CultureInfo.InvariantCulture);
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                continue;
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    AppendLog($"=== test: ready after {deadline.Elapsed.TotalSeconds:F1} s ===");
                    return true;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.GetType().Name + ": " + e.Message;
            }

            // Readiness polling is the one place that waits on time, and it is bounded by ReadyTimeout.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw Failure($"/readyz did not answer 200 within {ReadyTimeout.TotalSeconds:F0} s (last: {last}).");
    }

    private void ForgetProcess()
    {
        if (_process is { } process)
        {
            LiveProcesses.TryRemove(process.Id, out _);
            process.Dispose();
        }

        _process = null;
        _http?.Dispose();
        _http = null;
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (_log.Length > MaxLogChars)
            {
                _log.Remove(0, _log.Length - (MaxLogChars / 2));
            }

            _log.AppendLine(line);
        }
    }

    /// <summary>Distinct free loopback ports (all probed at once so they differ).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }

    private static string DotnetExecutable()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return "dotnet";
    }

    /// <summary>
    /// NMcs.Host.dll next to the test assembly (the test project references the host), or else the host's own
    /// bin folder under the repository root.
    /// </summary>
    private static string HostDll()
    {
        var here = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(here, "NMcs.Host.dll")) && File.Exists(Path.Combine(here, "NMcs.Host.runtimeconfig.json")))
        {
            return Path.Combine(here, "NMcs.Host.dll");
        }

        var directory = new DirectoryInfo(here);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NMcs.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new XunitException($"NMcs.Host.dll is not in {here} and no NMcs.sln was found above it.");
        }

        // Same configuration and framework as the test assembly: …/bin/<Configuration>/<tfm>/.
        var tfm = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var configuration = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";
        var candidate = Path.Combine(directory.FullName, "src", "NMcs.Host", "bin", configuration, tfm, "NMcs.Host.dll");
        return File.Exists(candidate)
            ? candidate
            : throw new XunitException($"NMcs.Host.dll is neither in {here} nor at {candidate}; build src/NMcs.Host first.");
    }
}

/// <summary>A GraphQL HTTP answer.</summary>
public sealed record GraphQLHttpResult(HttpStatusCode Status, string? MediaType, IReadOnlyList<string> Allow, JsonDocument Body);

/// <summary>The first error of a refused GraphQL request.</summary>
public sealed record GraphQLError(string? Code, string? Field, string Message, string Raw);

/// <summary>An <c>/ingest/usage</c> HTTP answer.</summary>
public sealed record IngestHttpResult(HttpStatusCode Status, JsonDocument Body);

/// <summary>The parsed 200 answer of <c>/ingest/usage</c>.</summary>
public sealed record IngestAnswer(int Received, int Accepted, int Duplicate, int Rejected, IReadOnlyList<IngestRejectionAnswer> Rejections)
{
    /// <summary>Reads the answer.</summary>
    public static IngestAnswer From(JsonElement root) => new(
        root.GetProperty("received").GetInt32(),
        root.GetProperty("accepted").GetInt32(),
        root.GetProperty("duplicate").GetInt32(),
        root.GetProperty("rejected").GetInt32(),
        root.GetProperty("rejections").EnumerateArray().Select(r => new IngestRejectionAnswer(
            r.GetProperty("index").GetInt32(),
            r.TryGetProperty("recordId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
            r.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null,
            r.GetProperty("reason").GetString() ?? string.Empty)).ToList());
}

/// <summary>One rejected record of an ingest answer.</summary>
public sealed record IngestRejectionAnswer(int Index, string? RecordId, string? Field, string Reason);
