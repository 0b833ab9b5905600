using Microsoft.Extensions.Logging;
using NMcs.Rating.Thresholds;
using NMcs.Storage;

namespace NMcs.Grains.Thresholds;

/// <summary>
/// What the account grain needs for thresholds besides the pure <see cref="CycleThresholds"/>: the platform policy, the
/// thresholds already raised in a cycle (read back once per cycle and activation), and publishing committed events to
/// metrics and to the registered <see cref="IThresholdEventSink"/>s.
/// </summary>
public sealed class ThresholdMonitor(
    ThresholdPolicy policy,
    ThresholdEventStore store,
    IEnumerable<IThresholdEventSink> sinks,
    ILogger<ThresholdMonitor> logger)
{
    private readonly IThresholdEventSink[] _sinks = [.. sinks];

    /// <summary>The platform's threshold settings.</summary>
    public ThresholdPolicy Policy => policy;

    /// <summary>A cycle's thresholds with those raised before marked; its charges are added by the caller from the ledger.</summary>
    public async Task<CycleThresholds> LoadAsync(string accountId, string cycleKey, CancellationToken cancellationToken = default) =>
        Thresholds(cycleKey, await store.RaisedAsync(accountId, cycleKey, cancellationToken));

    /// <summary><see cref="LoadAsync(string, string, CancellationToken)"/> for the same cycle of many accounts, read together.</summary>
    public async Task<Dictionary<string, CycleThresholds>> LoadAsync(IReadOnlyCollection<string> accountIds, string cycleKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var raised = await store.RaisedAsync(accountIds, cycleKey, cancellationToken);
        var thresholds = new Dictionary<string, CycleThresholds>(accountIds.Count, StringComparer.Ordinal);
        foreach (var accountId in accountIds)
        {
            thresholds[accountId] = Thresholds(cycleKey, raised.GetValueOrDefault(accountId) ?? []);
        }

        return thresholds;
    }

    private CycleThresholds Thresholds(string cycleKey, IReadOnlyList<ThresholdKey> raised)
    {
        var thresholds = new CycleThresholds(cycleKey, policy);
        foreach (var key in raised)
        {
            thresholds.MarkRaised(key);
        }

        return thresholds;
    }

    /// <summary>Counts committed events and hands them to the sinks, off the caller's turn (see <see cref="IThresholdEventSink"/>).</summary>
    public void Publish(IReadOnlyList<ThresholdEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        foreach (var e in events)
        {
            NMcsMetrics.ThresholdEvents.WithLabels(MetricLabel(e.Kind)).Inc();
        }

        foreach (var sink in _sinks)
        {
            // Task.Run leaves the grain's scheduler: the sink may call back into the account grain without deadlocking it.
            _ = Task.Run(() => DeliverAsync(sink, events));
        }
    }

    /// <summary>The <c>kind</c> label of <c>nmcs_threshold_events_total</c>.</summary>
    public static string MetricLabel(ThresholdKind kind) => kind switch
    {
        ThresholdKind.AllowanceUsage => "allowance_usage",
        ThresholdKind.CreditLimit => "credit_limit",
        ThresholdKind.SimChargeLimit => "sim_charge_limit",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown threshold kind"),
    };

    private async Task DeliverAsync(IThresholdEventSink sink, IReadOnlyList<ThresholdEvent> events)
    {
        try
        {
            await sink.OnThresholdEventsAsync(events, CancellationToken.None);
        }
#pragma warning disable CA1031 // A failing subscriber must not fail rating, which has committed; the events stay in the store.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "threshold event sink {Sink} failed on {Count} events starting with {EventId}", sink.GetType().Name, events.Count, events[0].EventId);
        }
    }
}
