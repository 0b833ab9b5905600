using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NMcs.Abstractions.Grains;

namespace NMcs.Grains.BillRuns;

/// <summary>
/// Once the host has started: resumes bill runs a previous process left running, and registers the schedule's
/// reminder unless <c>NMcs:Billing:Schedule</c> is <c>false</c> (benchmarks that time their own run turn it off).
/// </summary>
public sealed class BillRunStartup(IHostApplicationLifetime lifetime, BillRunner runner, IGrainFactory grains, IConfiguration configuration, ILogger<BillRunStartup> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(RunAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RunAsync()
    {
        try
        {
            await runner.ResumeAsync(lifetime.ApplicationStopping);
            if (configuration.GetValue("NMcs:Billing:Schedule", true))
            {
                await grains.GetGrain<IBillingSchedulerGrain>("scheduler").Ensure();
            }
        }
#pragma warning disable CA1031 // Start-up work must not take the host down; it is logged and retried at the next start.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Resuming bill runs or registering the bill-run schedule failed");
        }
    }
}
