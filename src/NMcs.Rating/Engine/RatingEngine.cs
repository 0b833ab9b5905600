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
    /// <summary>Largest whole quantity the increment rounding computes in long arithmetic (far below overflow).</summary>
    private const long MaxWhole = 1L << 60;

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
        var service = Check(plan, record);

        var zone = plan.ZoneFor(record.VisitedNetwork, record.Destination);
        var work = RecordWork.Begin(plan, counters, zone);
        var pieces = Pieces(plan, service, record, context, work);
        var chargedEnd = 0m;
        var rawEnd = 0m;
        for (var i = 0; i < pieces.Count; i++)
        {
            var (band, start, end, quantity) = pieces[i];
            var charge = service.ChargeFor(band, zone)
                ?? throw new DomainException(
                    "NO_USAGE_CHARGE",
                    "service",
                    $"product {product.Id} version {product.Version} has no {record.Service} usage charge for time band {band ?? "(none)"} and zone {zone ?? "(none)"}; add a charge without timeBand and zone as the fallback.");
            var part = work.AddPart(charge, band, start, end, quantity);
            rawEnd += quantity;
            ApplyIncrement(part, rawEnd, ref chargedEnd);
            ConsumeAllowances(work, part);
            Price(work, part);
        }

        var pieceCount = work.PartCount;
        var firstPart = work.Part(0);
        if (record.Quantity > 0 && firstPart.Charge.Charge.ConnectFee is var fee and > 0)
        {
            firstPart.Amount += fee;
            firstPart.Steps.Add(new Step(StepKind.ConnectFee, fee));
        }

        ApplyMaxCost(work, pieceCount);
        var partCount = pieceCount;
        for (var i = 0; i < pieceCount; i++)
        {
            var part = work.Part(i);
            foreach (var percentage in part.Charge.Percentages)
            {
                partCount += AppliesTo(percentage, part, zone) ? 1 : 0;
            }
        }

        var result = new RatedPart[partCount];
        var next = 0;
        for (var i = 0; i < pieceCount; i++)
        {
            var part = work.Part(i);
            result[next++] = work.Finish(part);
            foreach (var percentage in part.Charge.Percentages)
            {
                if (AppliesTo(percentage, part, zone))
                {
                    result[next++] = work.Finish(Percentage(work, percentage, part));
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

    private static ServicePlan Check(RatingPlan plan, UsageRecord record)
    {
        if (record.Quantity < 0)
        {
            throw new DomainException("INVALID_QUANTITY", "quantity", $"quantity {CalculationSteps.N(record.Quantity)} of record {record.Id} is negative; usage is 0 or more.");
        }

        if (record.Duration is { } duration && duration < TimeSpan.Zero)
        {
            throw new DomainException("INVALID_DURATION", "duration", $"duration {duration} of record {record.Id} is negative; leave it out for an instant event.");
        }

        return plan.Service(record.Service)
            ?? throw new DomainException(
                "SERVICE_NOT_IN_PRODUCT",
                "service",
                $"service {record.Service} is not sold by product {plan.Product.Id} version {plan.Product.Version}; the subscription's product has no usage charge for it.");
    }

    /// <summary>The record cut at band boundaries, its quantity shared in proportion to time.</summary>
    private static List<(string? Band, Instant Start, Instant End, decimal Quantity)> Pieces(RatingPlan plan, ServicePlan service, UsageRecord record, RatingContext context, RecordWork work)
    {
        var pieces = work.Pieces;
        pieces.Clear();
        var start = Instant.FromDateTimeOffset(record.Start);
        var duration = record.Duration
            ?? (record.Service == ServiceCodes.Voice ? TimeSpan.FromTicks((long)(record.Quantity * TimeSpan.TicksPerSecond)) : TimeSpan.Zero);
        var end = start + Duration.FromTimeSpan(duration);
        if (!service.BandsMatter)
        {
            pieces.Add((null, start, end, record.Quantity));
            return pieces;
        }

        var segments = work.Segments;
        BandTimeline.Split(plan, start, end, context, segments);
        if (segments.Count == 1)
        {
            pieces.Add((segments[0].Band, start, end, record.Quantity));
            return pieces;
        }

        // Cumulative shares, rounded to whole base units when the quantity is whole, so the pieces add up exactly.
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

        return pieces;
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
            part.IncrementStep = StepKind.Covered;
        }
        else if (increment is null)
        {
            part.Charged = rawEnd - chargedEnd;
        }
        else if (chargedEnd == 0m)
        {
            part.Charged = RoundUp(increment, rawEnd);
            part.FirstInterval = increment.First;
            part.IncrementStep = StepKind.FirstIncrement;
        }
        else
        {
            part.Charged = CeilingTo(rawEnd - chargedEnd, increment.Next);
            part.IncrementStep = StepKind.NextIncrement;
        }

        chargedEnd += part.Charged;
        part.Billable = part.Charged;
    }

    /// <summary>
    /// <see cref="UsageIncrement.RoundUp"/>, in whole numbers when the quantity and the increments are whole (scale 0):
    /// the same value with the same scale as the decimal division would give, without the division.
    /// </summary>
    private static decimal RoundUp(UsageIncrement increment, decimal quantity)
    {
        if (IsWhole(quantity) && IsWhole(increment.First) && IsWhole(increment.Next) && increment.Next > 0)
        {
            if (quantity <= 0)
            {
                return 0m;
            }

            if (quantity <= increment.First)
            {
                return increment.First;
            }

            var first = (long)increment.First;
            var next = (long)increment.Next;
            return first + (((long)quantity - first + next - 1) / next * next);
        }

        return increment.RoundUp(quantity);
    }

    /// <summary><c>Math.Ceiling(quantity / step) * step</c>, in whole numbers when both are whole (scale 0), as in <see cref="RoundUp"/>.</summary>
    private static decimal CeilingTo(decimal quantity, decimal step) =>
        IsWhole(quantity) && IsWhole(step) && quantity > 0 && step > 0
            ? ((long)quantity + (long)step - 1) / (long)step * (long)step
            : Math.Ceiling(quantity / step) * step;

    /// <summary>True for a whole number written without decimals (scale 0) that long arithmetic holds with room to spare.</summary>
    private static bool IsWhole(decimal value) => value.Scale == 0 && value >= -MaxWhole && value <= MaxWhole;

    private static void ConsumeAllowances(RecordWork work, PartWork part)
    {
        var allowances = work.Plan.Allowances;
        var covering = part.Charge.Allowances;
        for (var k = 0; k < covering.Length && part.Billable > 0; k++)
        {
            var i = covering[k];
            var allowance = allowances[i];
            if (!allowance.CoversPart(part.Band, work.Zone))
            {
                continue;
            }

            var used = work.AllowanceUsed(i);
            var left = allowance.Quantity - used;
            if (left <= 0)
            {
                part.Steps.Add(new Step(StepKind.AllowanceUsedUp, used, Ref: allowance));
                continue;
            }

            var take = Math.Min(left, part.Billable);
            work.UseAllowance(i, take);
            part.Billable -= take;
            part.AllowanceTaken = true;
            (part.Allowances ??= []).Add(new AllowanceConsumption(allowance.Allowance.Id, allowance.Scope, take, take / allowance.UnitSize, allowance.Allowance.Unit));
            part.Steps.Add(new Step(StepKind.Allowance, take, left - take, Ref: allowance));
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
                PricePerIncrement(part, increment);
                break;
            case ChargeModel.PerUnit:
                var price = charge.Price!.Value;
                part.Amount = plan.UnitSizeIsOne ? billable * price : billable * price / size;
                part.BillableUnits = plan.ToRateUnits(billable);
                part.Steps.Add(new Step(StepKind.PerUnit, part.BillableUnits.Value, part.Amount));
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
                var reached = TierHolding(plan.Tiers, after);
                part.Amount = billable * reached.Tier.Price!.Value / size;
                part.Steps.Add(new Step(StepKind.Volume, after / size, part.Amount, Ref: reached.Tier));
                break;
            case ChargeModel.Block:
                var block = plan.BlockQuantity!.Value;
                var blocks = Math.Ceiling(after / block) - Math.Ceiling(before / block);
                part.Amount = blocks * charge.Price!.Value;
                part.Steps.Add(new Step(StepKind.Block, before, after, Ref: charge));
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

    /// <summary>The tier a cycle total of <paramref name="total"/> base units lies in (the tiers run from 0 to open).</summary>
    private static TierPlan TierHolding(TierPlan[] tiers, decimal total)
    {
        foreach (var tier in tiers)
        {
            if (tier.Holds(total))
            {
                return tier;
            }
        }

        return null!;
    }

    /// <summary>Per-increment rounding: each increment's price is rounded before the increments are added up.</summary>
    private static void PricePerIncrement(PartWork part, UsageIncrement increment)
    {
        var prices = part.Charge.IncrementPrices!;
        var covered = part.Charged - part.Billable;

        // Allowances cover the start of the piece, so they eat into the first interval before later ones.
        var billableFirst = Math.Max(0m, part.FirstInterval - covered);
        var billableNext = part.Billable - billableFirst;
        var firstAmount = billableFirst == 0 ? 0m : prices.First * billableFirst / increment.First;
        var nextAmount = prices.Next * billableNext / increment.Next;
        part.Amount = firstAmount + nextAmount;
        if (billableFirst > 0)
        {
            part.Steps.Add(new Step(StepKind.FirstInterval, billableFirst, Ref: increment));
        }

        part.Steps.Add(new Step(StepKind.NextIntervals, billableNext, Ref: increment));
    }

    /// <summary>Caps each charge's parts of the record at its max cost per record, taking the excess off the last parts first.</summary>
    private static void ApplyMaxCost(RecordWork work, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var plan = work.Part(i).Charge;
            if (plan.Charge.MaxCostPerRecord is not { } max || FirstPartOf(work, plan) != i)
            {
                continue;
            }

            var total = 0m;
            for (var j = 0; j < count; j++)
            {
                var part = work.Part(j);
                total += part.Charge == plan ? part.Amount : 0m;
            }

            var excess = total - max;
            for (var j = count - 1; j >= 0 && excess > 0; j--)
            {
                var part = work.Part(j);
                if (part.Charge != plan)
                {
                    continue;
                }

                var cut = Math.Min(part.Amount, excess);
                part.Amount -= cut;
                excess -= cut;
                part.Steps.Add(new Step(StepKind.MaxCost, total, cut));
            }
        }
    }

    private static int FirstPartOf(RecordWork work, ChargePlan plan)
    {
        var i = 0;
        while (work.Part(i).Charge != plan)
        {
            i++;
        }

        return i;
    }

    private static bool AppliesTo(ChargePlan percentage, PartWork part, string? zone) =>
        (percentage.Charge.TimeBand is null || percentage.Charge.TimeBand == part.Band)
        && (percentage.Charge.Zone is null || percentage.Charge.Zone == zone);

    private static PartWork Percentage(RecordWork work, ChargePlan percentage, PartWork of)
    {
        var percent = percentage.Charge.Percent!.Value;
        var part = work.AddPart(percentage, of.Band, of.Start, of.End, of.Quantity);
        part.Charged = of.Charged;
        part.Billable = of.Billable;
        part.AllowanceTaken = of.AllowanceTaken;
        part.Amount = of.Amount * percent / 100m;
        part.Steps.Add(new Step(StepKind.Percentage, of.Amount, Ref: of.Charge.Charge.Id));
        return part;
    }
}
