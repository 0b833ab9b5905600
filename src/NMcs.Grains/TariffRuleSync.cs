using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NMcs.Grains;

/// <summary>Keeps this silo's tariff rules in step with the database: at start, then every second.</summary>
public sealed class TariffRuleSync(TariffRuleService rules, ILogger<TariffRuleSync> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the platform clock: the test clock must not stop rule distribution.
        using var timer = new PeriodicTimer(TariffRuleService.SyncInterval);
        do
        {
            try
            {
                await rules.SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Tariff rule sync failed; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
