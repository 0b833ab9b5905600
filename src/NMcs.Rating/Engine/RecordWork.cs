using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>
/// The counters, running totals and scratch pieces of one record while it is rated. One instance per thread is reused
/// from record to record (rating is synchronous and never re-entered on a thread), so rating a record allocates only
/// what its result keeps.
/// </summary>
internal sealed class RecordWork
{
    [ThreadStatic]
    private static RecordWork? _ofThread;

    private readonly List<(ChargePlan Charge, decimal Quantity)> _chargeQuantities = [];
    private readonly List<PartWork> _partPool = [];
    private decimal[] _allowanceUsed = [];
    private bool _allowanceUsedAny;
    private RatingCounters _counters = null!;

    public RatingPlan Plan { get; private set; } = null!;

    public string? Zone { get; private set; }

    /// <summary>Time-band segments of the record (banded services only).</summary>
    public List<BandTimeline.Segment> Segments { get; } = new(4);

    /// <summary>The record cut at band boundaries: band, start, end and quantity of each piece.</summary>
    public List<(string? Band, Instant Start, Instant End, decimal Quantity)> Pieces { get; } = new(4);

    /// <summary>Pieces being priced, in record order, then percentage parts while finishing.</summary>
    public int PartCount { get; private set; }

    /// <summary>This thread's instance, reset for a new record.</summary>
    public static RecordWork Begin(RatingPlan plan, RatingCounters counters, string? zone)
    {
        var work = _ofThread ??= new RecordWork();
        work.Plan = plan;
        work._counters = counters;
        work.Zone = zone;
        work.PartCount = 0;
        work._chargeQuantities.Clear();
        if (work._allowanceUsed.Length < plan.Allowances.Length)
        {
            work._allowanceUsed = new decimal[plan.Allowances.Length];
        }
        else if (work._allowanceUsedAny)
        {
            Array.Clear(work._allowanceUsed);
        }

        work._allowanceUsedAny = false;
        return work;
    }

    /// <summary>The piece at <paramref name="index"/> of the current record.</summary>
    public PartWork Part(int index) => _partPool[index];

    /// <summary>A new piece (a reused instance) appended to the record's pieces.</summary>
    public PartWork AddPart(ChargePlan charge, string? band, Instant start, Instant end, decimal quantity)
    {
        if (PartCount == _partPool.Count)
        {
            _partPool.Add(new PartWork());
        }

        return _partPool[PartCount++].Reset(charge, band, start, end, quantity);
    }

    /// <summary>Base units of allowance <paramref name="index"/> used before this piece: cycle counter plus earlier pieces.</summary>
    public decimal AllowanceUsed(int index) =>
        _counters.AllowanceUsed.GetValueOrDefault(Plan.Allowances[index].Allowance.Id) + _allowanceUsed[index];

    public void UseAllowance(int index, decimal quantity)
    {
        _allowanceUsed[index] += quantity;
        _allowanceUsedAny = true;
    }

    /// <summary>Billable base units of <paramref name="charge"/> in the cycle before this piece.</summary>
    public decimal ChargeQuantity(ChargePlan charge)
    {
        var quantity = _counters.ChargeQuantity.GetValueOrDefault(charge.Charge.Id);
        foreach (var (c, q) in _chargeQuantities)
        {
            quantity += c == charge ? q : 0m;
        }

        return quantity;
    }

    public void AddChargeQuantity(ChargePlan charge, decimal quantity) => _chargeQuantities.Add((charge, quantity));

    /// <summary>Rounds the piece and turns it into its rated part, the calculation kept as numbers until read.</summary>
    public RatedPart Finish(PartWork part)
    {
        var product = Plan.Product;
        var rounded = product.Rounding.Round(part.Amount, product.Currency);
        var charge = part.Charge;
        var billableUnits = part.BillableUnits ?? charge.ToRateUnits(part.Billable);
        return new RatedPart
        {
            ChargeId = charge.Charge.Id,
            Model = charge.Charge.Model,
            Zone = Zone,
            Band = part.Band,
            Start = part.Start.ToDateTimeOffset(),
            End = part.End.ToDateTimeOffset(),
            Quantity = part.Quantity,
            ChargedQuantity = part.Charged,

            // Billable is Charged itself (same bits) until an allowance takes some: then its units are the same too.
            RateUnit = charge.Charge.RateUnit,
            Units = part.AllowanceTaken ? charge.ToRateUnits(part.Charged) : billableUnits,
            Allowances = (IReadOnlyList<AllowanceConsumption>?)part.Allowances ?? [],
            BillableUnits = billableUnits,
            UnroundedAmount = part.Amount,
            Amount = rounded,
            TaxCategory = charge.Charge.TaxCategory,
            Rule = charge.Rule,
            Trail = new CalculationTrail(charge, part.IncrementStep, part.Steps.Count == 0 ? [] : [.. part.Steps]),
        };
    }

    /// <summary>The counter increases of the record, allowances in consumption order, then charges.</summary>
    public CounterDelta[] Deltas()
    {
        var count = 0;
        if (_allowanceUsedAny)
        {
            for (var i = 0; i < Plan.Allowances.Length; i++)
            {
                count += _allowanceUsed[i] > 0 ? 1 : 0;
            }
        }

        for (var i = 0; i < _chargeQuantities.Count; i++)
        {
            count += FirstOfCharge(i) ? 1 : 0;
        }

        if (count == 0)
        {
            return [];
        }

        var deltas = new CounterDelta[count];
        var next = 0;
        for (var i = 0; _allowanceUsedAny && i < Plan.Allowances.Length; i++)
        {
            if (_allowanceUsed[i] > 0)
            {
                var allowance = Plan.Allowances[i];
                deltas[next++] = new CounterDelta(CounterKind.AllowanceUsed, allowance.Allowance.Id, allowance.Scope, _counters.CycleKey, _allowanceUsed[i]);
            }
        }

        // One delta per charge id, its quantities added in the order the pieces used them.
        for (var i = 0; i < _chargeQuantities.Count; i++)
        {
            if (!FirstOfCharge(i))
            {
                continue;
            }

            var charge = _chargeQuantities[i].Charge;
            var quantity = _chargeQuantities[i].Quantity;
            for (var j = i + 1; j < _chargeQuantities.Count; j++)
            {
                if (_chargeQuantities[j].Charge.Charge.Id == charge.Charge.Id)
                {
                    quantity += _chargeQuantities[j].Quantity;
                }
            }

            deltas[next++] = new CounterDelta(CounterKind.ChargeQuantity, charge.Charge.Id, charge.Charge.CounterScope, _counters.CycleKey, quantity);
        }

        return deltas;
    }

    private bool FirstOfCharge(int index)
    {
        var id = _chargeQuantities[index].Charge.Charge.Id;
        for (var j = 0; j < index; j++)
        {
            if (_chargeQuantities[j].Charge.Charge.Id == id)
            {
                return false;
            }
        }

        return true;
    }
}
