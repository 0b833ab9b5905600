using NMcs.Catalog.Model;
using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>
/// Rates usage records against a product version: a pure function of (product version, record, cycle counters,
/// account time zone and holidays). No I/O and no clock, so it is tested and benchmarked without a silo, and two
/// silos given the same input agree. Rule plugins are not run here: each part names the <see cref="RuleRef"/> the
/// host applies afterwards.
/// </summary>
/// <remarks>
/// Order of operations per record: zone (roaming network, else destination prefix) → split by time band in
/// proportion to time → charge per piece (most specific for zone and band) → increments, continuing along the record
/// so the first interval is charged once → allowances in priority order → charge model on the billable rest, with
/// the cycle counters for tiers and blocks → connect fee once on the first piece → max cost per record per charge →
/// percentage charges → rounding of each part by the product's rule.
/// </remarks>
public static class RatingEngine
{
    /// <summary>Rates <paramref name="record"/> with the (cached) plan of <paramref name="product"/>.</summary>
    public static RatingResult Rate(ProductOffering product, UsageRecord record, RatingCounters counters, RatingContext context) =>
        Rate(RatingPlan.For(product), record, counters, context);

    /// <summary>
    /// Rates <paramref name="record"/>. <paramref name="counters"/> are the counters of the record's cycle before it;
    /// persist <see cref="RatingResult.CounterDeltas"/> afterwards. Refuses (with <see cref="DomainException"/>) a
    /// negative quantity or duration, a service the product does not sell, and a moment or zone no charge covers.
    /// </summary>
    public static RatingResult Rate(RatingPlan plan, UsageRecord record, RatingCounters counters, RatingContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(context);
        var product = plan.Product;
        Check(plan, record);

        var zone = plan.ZoneFor(record.VisitedNetwork, record.Destination);
        var pieces = Pieces(plan, record, context);
        var work = new RecordWork(plan, counters, zone);
        var chargedEnd = 0m;
        var rawEnd = 0m;
        var parts = new PartWork[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            var (band, start, end, quantity) = pieces[i];
            var charge = plan.ChargeFor(record.Service, band, zone)
                ?? throw new DomainException(
                    "NO_USAGE_CHARGE",
                    "service",
                    $"product {product.Id} version {product.Version} has no {record.Service} usage charge for time band {band ?? "(none)"} and zone {zone ?? "(none)"}; add a charge without timeBand and zone as the fallback.");
            var part = new PartWork(charge, band, start, end, quantity);
            rawEnd += quantity;
            ApplyIncrement(part, rawEnd, ref chargedEnd);
            ConsumeAllowances(work, part);
            Price(work, part);
            parts[i] = part;
        }

        if (record.Quantity > 0 && parts[0].Charge.Charge.ConnectFee is var fee and > 0)
        {
            parts[0].Amount += fee;
            parts[0].Steps.Add(new Step(StepKind.ConnectFee, fee));
        }

        ApplyMaxCost(parts);
        var result = new List<RatedPart>(parts.Length);
        foreach (var part in parts)
        {
            result.Add(work.Finish(part));
            foreach (var percentage in part.Charge.Percentages)
            {
                if ((percentage.Charge.TimeBand is null || percentage.Charge.TimeBand == part.Band)
                    && (percentage.Charge.Zone is null || percentage.Charge.Zone == zone))
                {
                    result.Add(work.Finish(Percentage(percentage, part)));
                }
            }
        }

        return new RatingResult
        {
            RecordId = record.Id,
            ProductId = product.Id,
            ProductVersion = product.Version,
            Currency = product.Currency,
            CycleKey = counters.CycleKey,
            Zone = zone,
            Parts = result,
            CounterDeltas = work.Deltas(),
        };
    }

    private static void Check(RatingPlan plan, UsageRecord record)
    {
        if (record.Quantity < 0)
        {
            throw new DomainException("INVALID_QUANTITY", "quantity", $"quantity {CalculationSteps.N(record.Quantity)} of record {record.Id} is negative; usage is 0 or more.");
        }

        if (record.Duration is { } duration && duration < TimeSpan.Zero)
        {
            throw new DomainException("INVALID_DURATION", "duration", $"duration {duration} of record {record.Id} is negative; leave it out for an instant event.");
        }

        if (!plan.Sells(record.Service))
        {
            throw new DomainException(
                "SERVICE_NOT_IN_PRODUCT",
                "service",
                $"service {record.Service} is not sold by product {plan.Product.Id} version {plan.Product.Version}; the subscription's product has no usage charge for it.");
        }
    }

    /// <summary>The record cut at band boundaries, its quantity shared in proportion to time.</summary>
    private static (string? Band, Instant Start, Instant End, decimal Quantity)[] Pieces(RatingPlan plan, UsageRecord record, RatingContext context)
    {
        var start = Instant.FromDateTimeOffset(record.Start);
        var duration = record.Duration
            ?? (record.Service == ServiceCodes.Voice ? TimeSpan.FromTicks((long)(record.Quantity * TimeSpan.TicksPerSecond)) : TimeSpan.Zero);
        var end = start + Duration.FromTimeSpan(duration);
        if (!plan.BandsMatter(record.Service))
        {
            return [(null, start, end, record.Quantity)];
        }

        var segments = BandTimeline.Split(plan, start, end, context);
        if (segments.Count == 1)
        {
            return [(segments[0].Band, start, end, record.Quantity)];
        }

        // Cumulative shares, rounded to whole base units when the quantity is whole, so the pieces add up exactly.
        var pieces = new List<(string?, Instant, Instant, decimal)>(segments.Count);
        var total = (decimal)(end - start).BclCompatibleTicks;
        var whole = record.Quantity == decimal.Truncate(record.Quantity);
        var elapsed = 0m;
        var assigned = 0m;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            elapsed += (segment.End - segment.Start).BclCompatibleTicks;
            var upTo = i == segments.Count - 1 ? record.Quantity : record.Quantity * elapsed / total;
            if (whole)
            {
                upTo = Math.Round(upTo, MidpointRounding.AwayFromZero);
            }

            if (upTo > assigned || (i == segments.Count - 1 && pieces.Count == 0))
            {
                pieces.Add((segment.Band, segment.Start, segment.End, upTo - assigned));
            }

            assigned = upTo;
        }

        return [.. pieces];
    }

    /// <summary>
    /// Rounds the piece up to its charge's increments, continuing from where the previous piece's charged quantity
    /// ended: the first interval is charged once per record (by the piece the record starts in) and a piece already
    /// covered by an earlier piece's rounding costs nothing more.
    /// </summary>
    private static void ApplyIncrement(PartWork part, decimal rawEnd, ref decimal chargedEnd)
    {
        var increment = part.Charge.Charge.Increment;
        if (rawEnd <= chargedEnd)
        {
            part.Charged = 0m;
            part.Steps.Add(new Step(StepKind.Covered, part.Quantity));
        }
        else if (increment is null)
        {
            part.Charged = rawEnd - chargedEnd;
        }
        else if (chargedEnd == 0m)
        {
            part.Charged = increment.RoundUp(rawEnd);
            part.FirstInterval = increment.First;
            part.Steps.Add(new Step(StepKind.FirstIncrement, part.Quantity, part.Charged, Ref: increment));
        }
        else
        {
            part.Charged = Math.Ceiling((rawEnd - chargedEnd) / increment.Next) * increment.Next;
            part.Steps.Add(new Step(StepKind.NextIncrement, part.Quantity, part.Charged, Ref: increment));
        }

        chargedEnd += part.Charged;
        part.Billable = part.Charged;
    }

    private static void ConsumeAllowances(RecordWork work, PartWork part)
    {
        var allowances = work.Plan.Allowances;
        for (var i = 0; i < allowances.Length && part.Billable > 0; i++)
        {
            var allowance = allowances[i];
            if (!allowance.Covers(part.Charge.Charge, part.Band, work.Zone))
            {
                continue;
            }

            var used = work.AllowanceUsed(i);
            var left = allowance.Quantity - used;
            if (left <= 0)
            {
                part.Steps.Add(new Step(StepKind.AllowanceUsedUp, used, allowance.Quantity, Text: allowance.Allowance.Id));
                continue;
            }

            var take = Math.Min(left, part.Billable);
            work.UseAllowance(i, take);
            part.Billable -= take;
            (part.Allowances ??= []).Add(new AllowanceConsumption(allowance.Allowance.Id, allowance.Scope, take, take / allowance.UnitSize, allowance.Allowance.Unit));
            part.Steps.Add(new Step(StepKind.Allowance, take, left - take, allowance.Quantity, Text: allowance.Allowance.Id, Flag: allowance.Scope == CounterScope.Account));
        }
    }

    private static void Price(RecordWork work, PartWork part)
    {
        var plan = part.Charge;
        var charge = plan.Charge;
        var billable = part.Billable;
        var size = plan.UnitSize;
        var before = charge.UsesCycleCounter ? work.ChargeQuantity(plan) : 0m;
        var after = before + billable;
        switch (charge.Model)
        {
            case ChargeModel.PerUnit when charge.RoundPer == RoundingScope.Increment && charge.Increment is { } increment:
                PricePerIncrement(work, part, increment);
                break;
            case ChargeModel.PerUnit:
                part.Amount = billable * charge.Price!.Value / size;
                part.Steps.Add(new Step(StepKind.PerUnit, billable / size, charge.Price!.Value, part.Amount));
                break;
            case ChargeModel.Graduated:
                foreach (var tier in plan.Tiers)
                {
                    var inTier = Math.Min(after, tier.To ?? decimal.MaxValue) - Math.Max(before, tier.From);
                    if (inTier > 0)
                    {
                        var amount = inTier * tier.Tier.Price!.Value / size;
                        part.Amount += amount;
                        part.Steps.Add(new Step(StepKind.GraduatedTier, inTier / size, amount, Ref: tier.Tier));
                    }
                }

                if (billable == 0)
                {
                    part.Steps.Add(new Step(StepKind.GraduatedNothing));
                }

                break;
            case ChargeModel.Volume:
                var reached = Array.Find(plan.Tiers, t => t.Holds(after))!;
                part.Amount = billable * reached.Tier.Price!.Value / size;
                part.Steps.Add(new Step(StepKind.Volume, after / size, billable / size, part.Amount, Ref: reached.Tier));
                break;
            case ChargeModel.Block:
                var block = plan.BlockQuantity!.Value;
                var blocks = Math.Ceiling(after / block) - Math.Ceiling(before / block);
                part.Amount = blocks * charge.Price!.Value;
                part.Steps.Add(new Step(StepKind.Block, before / size, after / size, blocks, part.Amount, Ref: charge));
                break;
            case ChargeModel.FlatPerTier:
                foreach (var tier in plan.Tiers)
                {
                    if (before <= tier.From && tier.From < after)
                    {
                        part.Amount += tier.Tier.FlatFee!.Value;
                        part.Steps.Add(new Step(StepKind.FlatTier, Ref: tier.Tier));
                    }
                }

                break;
        }

        if (charge.UsesCycleCounter && billable > 0)
        {
            work.AddChargeQuantity(plan, billable);
        }
    }

    /// <summary>Per-increment rounding: each increment's price is rounded before the increments are added up.</summary>
    private static void PricePerIncrement(RecordWork work, PartWork part, UsageIncrement increment)
    {
        var product = work.Plan.Product;
        var price = part.Charge.Charge.Price!.Value;
        var size = part.Charge.UnitSize;
        var firstRaw = price * increment.First / size;
        var nextRaw = price * increment.Next / size;
        var firstPrice = product.Rounding.Round(firstRaw, product.Currency);
        var nextPrice = product.Rounding.Round(nextRaw, product.Currency);
        var covered = part.Charged - part.Billable;

        // Allowances cover the start of the piece, so they eat into the first interval before later ones.
        var billableFirst = Math.Max(0m, part.FirstInterval - covered);
        var billableNext = part.Billable - billableFirst;
        var firstAmount = billableFirst == 0 ? 0m : firstPrice * billableFirst / increment.First;
        var nextAmount = nextPrice * billableNext / increment.Next;
        part.Amount = firstAmount + nextAmount;
        if (billableFirst > 0)
        {
            part.Steps.Add(new Step(StepKind.FirstInterval, billableFirst, firstPrice, firstRaw, firstAmount, Ref: increment));
        }

        part.Steps.Add(new Step(StepKind.NextIntervals, billableNext / increment.Next, nextPrice, nextRaw, nextAmount, Ref: increment));
    }

    /// <summary>Caps each charge's parts of the record at its max cost per record, taking the excess off the last parts first.</summary>
    private static void ApplyMaxCost(PartWork[] parts)
    {
        for (var i = 0; i < parts.Length; i++)
        {
            var plan = parts[i].Charge;
            if (plan.Charge.MaxCostPerRecord is not { } max || Array.FindIndex(parts, p => p.Charge == plan) != i)
            {
                continue;
            }

            var total = 0m;
            foreach (var part in parts)
            {
                total += part.Charge == plan ? part.Amount : 0m;
            }

            var excess = total - max;
            for (var j = parts.Length - 1; j >= 0 && excess > 0; j--)
            {
                if (parts[j].Charge != plan)
                {
                    continue;
                }

                var cut = Math.Min(parts[j].Amount, excess);
                parts[j].Amount -= cut;
                excess -= cut;
                parts[j].Steps.Add(new Step(StepKind.MaxCost, max, total, cut));
            }
        }
    }

    private static PartWork Percentage(ChargePlan percentage, PartWork of)
    {
        var percent = percentage.Charge.Percent!.Value;
        var part = new PartWork(percentage, of.Band, of.Start, of.End, of.Quantity)
        {
            Charged = of.Charged,
            Billable = of.Billable,
            Amount = of.Amount * percent / 100m,
        };
        part.Steps.Add(new Step(StepKind.Percentage, percent, of.Amount, part.Amount, Text: of.Charge.Charge.Id));
        return part;
    }
}
