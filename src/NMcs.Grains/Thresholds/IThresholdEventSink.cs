using NMcs.Storage;

namespace NMcs.Grains.Thresholds;

/// <summary>
/// An in-process subscriber to raised thresholds, registered in DI (<c>services.AddSingleton&lt;IThresholdEventSink, X&gt;()</c>);
/// provisioning turns a credit-limit event into a suspend order this way. Called on the silo that rated the usage, right
/// after the events were committed with it, off the account grain's turn (the ingestion answer does not wait for it,
/// and a sink may call any grain, the raising account included). Delivery is at most once: events raised just before a
/// crash are in <c>threshold_events</c> but may not reach the sink, so a consumer that must see every event catches up
/// with <see cref="ThresholdEventStore.ListAsync"/> from the last event it handled; event ids are stable, so
/// handling one twice can be made idempotent.
/// </summary>
public interface IThresholdEventSink
{
    /// <summary>Receives the events one rating call raised, in the order they were raised. Exceptions are logged and dropped.</summary>
    Task OnThresholdEventsAsync(IReadOnlyList<ThresholdEvent> events, CancellationToken cancellationToken);
}
