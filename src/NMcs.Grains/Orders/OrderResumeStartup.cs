using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NMcs.Abstractions.Grains;
using NMcs.Storage.Orders;

namespace NMcs.Grains.Orders;

/// <summary>
/// Resumes the orders left acknowledged or in progress: once the host has started (a previous process died with them),
/// and then every minute (another silo died with them; restarting an order that runs is a no-op).
/// </summary>
public sealed class OrderResumeStartup(IHostApplicationLifetime lifetime, OrderStore store, IGrainFactory grains, ILogger<OrderResumeStartup> logger) : IHostedService
{
    /// <summary>Time between two sweeps for unfinished orders.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(SweepAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SweepAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        var first = true;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var unfinished = await store.UnfinishedAsync(stopping);
                foreach (var orderId in unfinished)
                {
                    await grains.GetGrain<IOrderGrain>(orderId).Restart();
                }

                if (first && unfinished.Count > 0)
                {
                    logger.LogInformation("resumed {Count} unfinished order(s)", unfinished.Count);
                }

                first = false;
                await Task.Delay(SweepInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed sweep must not take the host down; it is logged and the next sweep tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "Resuming unfinished orders failed; trying again in {Interval}", SweepInterval);
                try
                {
                    await Task.Delay(SweepInterval, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
