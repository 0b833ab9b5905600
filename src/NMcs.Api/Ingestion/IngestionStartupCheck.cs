using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NMcs.Api.Ingestion;

/// <summary>
/// Checks the ingestion configuration at start (a wrong network element entry stops the host, naming the key) and
/// warns when ingestion is open to any client.
/// </summary>
internal sealed partial class IngestionStartupCheck(
    IOptions<IngestionOptions> options, NetworkElementRegistry networkElements, IngestionAdmission admission, ILogger<IngestionStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.MaxRecordsInFlight < 1)
        {
            throw new InvalidOperationException($"{IngestionOptions.Section}:MaxRecordsInFlight is {settings.MaxRecordsInFlight}; set at least 1 (default 200000).");
        }

        if (settings.MaxBodyBytes < 1)
        {
            throw new InvalidOperationException($"{IngestionOptions.Section}:MaxBodyBytes is {settings.MaxBodyBytes}; set a positive number of bytes (default 67108864).");
        }

        if (settings.RetryAfterSeconds < 0)
        {
            throw new InvalidOperationException($"{IngestionOptions.Section}:RetryAfterSeconds is {settings.RetryAfterSeconds}; set 0 or more seconds (default 1).");
        }

        if (networkElements.IsOpen)
        {
            LogUnauthenticated();
        }
        else
        {
            LogAuthenticated(networkElements.Elements.Count, string.Join(", ", networkElements.Elements.Select(e => e.Id)), admission.Limit);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage ingestion is unauthenticated: no network elements are configured under NMcs:Ingestion:NetworkElements, so any client that reaches /ingest/usage can push usage. Configure each element with an Id and an ApiKey (or ApiKeySha256) before exposing the platform.")]
    private partial void LogUnauthenticated();

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage ingestion accepts {Count} network elements ({Ids}); at most {Limit} records in flight")]
    private partial void LogAuthenticated(int count, string ids, int limit);
}
