using Microsoft.Extensions.Logging;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.Thresholds;
using NMcs.Rating.Thresholds;
using NMcs.Storage;
using NMcs.Storage.Orders;

namespace NMcs.Grains.Orders;

/// <summary>
/// Turns a credit-limit event at 100 % into a bulk suspend order for the account's ACTIVATED SIMs, when the account's
/// policy says so (<c>setOrderPolicy(autoSuspendOnCreditLimit: true)</c>; off by default). The order id comes from the
/// event id, so an event delivered twice raises one order.
/// </summary>
public sealed class CreditLimitSuspendSink(IGrainFactory grains, OrderStore store, ILogger<CreditLimitSuspendSink> logger) : IThresholdEventSink
{
    /// <inheritdoc />
    public async Task OnThresholdEventsAsync(IReadOnlyList<ThresholdEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events.Where(e => e is { Kind: ThresholdKind.CreditLimit, Percent: >= 100m }))
        {
            if (!await store.AutoSuspendOnCreditLimitAsync(e.AccountId, cancellationToken))
            {
                continue;
            }

            var account = await grains.GetGrain<IAccountGrain>(e.AccountId).GetInfo();
            var iccids = new List<string>();
            foreach (var iccid in (account?.Subscriptions ?? []).Where(s => s.EndedAt is null).Select(s => s.Iccid).Distinct(StringComparer.Ordinal))
            {
                if (await grains.GetGrain<ISimGrain>(iccid).GetInfo() is { Status: SimStatus.Activated })
                {
                    iccids.Add(iccid);
                }
            }

            if (iccids.Count == 0)
            {
                continue;
            }

            var request = new OrderRequest(
                OrderItemRules.SystemSubmitter,
                iccids.Select((iccid, i) => new OrderItemRequest((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), OrderKind.Suspend, iccid)).ToList(),
                ExternalId: e.EventId,
                Description: $"credit limit {e.Limit} {e.Unit} of account {e.AccountId} reached in {e.Period}",
                Bulk: iccids.Count > 1);
            var order = await grains.GetGrain<IOrderGrain>(OrderItemRules.CreditLimitOrderId(e.EventId)).Submit(request, OrderItemRules.Hash(request));
            logger.LogInformation("credit limit event {EventId} of account {AccountId}: suspend order {OrderId} for {Count} SIM(s)", e.EventId, e.AccountId, order.Id, iccids.Count);
        }
    }
}
