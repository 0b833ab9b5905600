using NMcs.Catalog.Model;
using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>
/// A synthetic rating workload for benchmarks: a declarative product with bands, zones, increments, allowances and
/// tiers, deterministic records, and a loop that rates them carrying the counters forward like an account grain.
/// Time <see cref="Run"/> only; building the product and records is set-up.
/// </summary>
public static class RatingWorkload
{
    private static readonly DateTimeOffset CycleStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// An M2M product: DATA per MB in 1 KB steps with a pooled 1 GB allowance and a dearer EU roaming zone, graduated
    /// account-wide DATA tiers in the rest-of-world zone, VOICE 60/1 in peak and off-peak bands with a connect fee,
    /// SMS per message.
    /// </summary>
    public static ProductOffering DeclarativeProduct() => new()
    {
        Id = "BENCH-M2M",
        Version = 1,
        Name = "Benchmark M2M",
        Status = LifecycleStatus.Published,
        ValidFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Currency = Currency.Eur,
        TimeBands =
        [
            new TimeBand
            {
                Id = "peak",
                Windows = [new TimeWindow { Days = [BandDay.Monday, BandDay.Tuesday, BandDay.Wednesday, BandDay.Thursday, BandDay.Friday], From = new LocalTime(8, 0), To = new LocalTime(18, 0) }],
            },
        ],
        Zones =
        [
            new Zone { Id = "eu", VisitedNetworks = ["208", "214", "234-15", "262-01"], DestinationPrefixes = ["33", "34", "44", "49"] },
            new Zone { Id = "world", VisitedNetworks = ["310", "440"], DestinationPrefixes = ["1", "81"] },
        ],
        UsageCharges =
        [
            new UsageCharge { Id = "data", Name = "Data", Service = ServiceCodes.Data, RateUnit = "MB", Price = 0.02m, Increment = new UsageIncrement { First = 1024, Next = 1024 } },
            new UsageCharge { Id = "data-eu", Name = "Data EU", Service = ServiceCodes.Data, RateUnit = "MB", Price = 0.05m, Zone = "eu", Increment = new UsageIncrement { First = 1024, Next = 1024 } },
            new UsageCharge
            {
                Id = "data-world",
                Name = "Data world",
                Service = ServiceCodes.Data,
                RateUnit = "MB",
                Zone = "world",
                Model = ChargeModel.Graduated,
                CounterScope = CounterScope.Account,
                Tiers = [new PriceTier { From = 0, To = 100, Price = 0.50m }, new PriceTier { From = 100, Price = 0.25m }],
            },
            new UsageCharge { Id = "voice-peak", Name = "Voice peak", Service = ServiceCodes.Voice, RateUnit = "MIN", Price = 0.10m, TimeBand = "peak", ConnectFee = 0.05m, Increment = new UsageIncrement { First = 60, Next = 1 } },
            new UsageCharge { Id = "voice", Name = "Voice off-peak", Service = ServiceCodes.Voice, RateUnit = "MIN", Price = 0.04m, Increment = new UsageIncrement { First = 60, Next = 1 } },
            new UsageCharge { Id = "sms", Name = "SMS", Service = ServiceCodes.Sms, RateUnit = "MSG", Price = 0.09m },
        ],
        Allowances =
        [
            new Allowance { Id = "pool-1gb", Name = "1 GB pool", Service = ServiceCodes.Data, Quantity = 1, Unit = "GB", Scope = AllowanceScope.Pooled, Priority = 2, Charges = ["data"] },
            new Allowance { Id = "sms-50", Name = "50 SMS", Service = ServiceCodes.Sms, Quantity = 50, Unit = "MSG", Priority = 1 },
        ],
    };

    /// <summary><paramref name="count"/> deterministic records spread over March 2026: 70 % data, 20 % voice, 10 % SMS, a fifth of them roaming.</summary>
    public static UsageRecord[] Records(int count, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var records = new UsageRecord[count];
        var state = (uint)seed;
        string[] networks = ["208-01", "234-15", "310-260", "440-10", "505-01"];
        string[] destinations = ["4915112345678", "447700900123", "12025550123", "33612345678", "61412345678"];
        for (var i = 0; i < count; i++)
        {
            var next = Next(ref state);
            var start = CycleStart.AddSeconds(next % (30 * 86_400));
            var roaming = next % 5 == 0 ? networks[(next >> 8) % (uint)networks.Length] : null;
            records[i] = ((next >> 4) % 10) switch
            {
                < 7 => new UsageRecord($"r{i}", ServiceCodes.Data, 1 + ((next >> 3) % 5_000_000), start, TimeSpan.FromMinutes(5), VisitedNetwork: roaming),
                < 9 => new UsageRecord($"r{i}", ServiceCodes.Voice, 1 + ((next >> 5) % 900), start, Destination: destinations[(next >> 12) % (uint)destinations.Length]),
                _ => new UsageRecord($"r{i}", ServiceCodes.Sms, 1, start, Destination: destinations[(next >> 12) % (uint)destinations.Length]),
            };
        }

        return records;
    }

    /// <summary>
    /// Rates <paramref name="records"/> in order for one account in cycle 2026-03, adding each record's counter deltas
    /// before the next; returns the count of records and parts and the rounded total.
    /// </summary>
    public static RatingWorkloadResult Run(RatingPlan plan, IReadOnlyList<UsageRecord> records, RatingContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(records);
        var allowances = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var charges = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var counters = new RatingCounters("2026-03", allowances, charges);
        var parts = 0;
        var total = 0m;
        for (var r = 0; r < records.Count; r++)
        {
            var result = RatingEngine.Rate(plan, records[r], counters, context);
            parts += result.Parts.Count;
            total += result.Total;

            // Indexed loops: an interface foreach would allocate an enumerator per record.
            var deltas = result.CounterDeltas;
            for (var d = 0; d < deltas.Count; d++)
            {
                var delta = deltas[d];
                var target = delta.Kind == CounterKind.AllowanceUsed ? allowances : charges;
                target[delta.Id] = target.GetValueOrDefault(delta.Id) + delta.Quantity;
            }
        }

        return new RatingWorkloadResult(records.Count, parts, total);
    }

    private static uint Next(ref uint state)
    {
        // xorshift32: deterministic and cheap; not for anything secret.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
}
