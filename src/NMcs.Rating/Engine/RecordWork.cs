namespace NMcs.Rating.Engine;

/// <summary>The counters and running totals of one record while it is rated.</summary>
internal sealed class RecordWork(RatingPlan plan, RatingCounters counters, string? zone)
{
    private decimal[]? _allowanceUsed;
    private List<(ChargePlan Charge, decimal Quantity)>? _chargeQuantities;

    public RatingPlan Plan { get; } = plan;

    public string? Zone { get; } = zone;

    /// <summary>Base units of allowance <paramref name="index"/> used before this piece: cycle counter plus earlier pieces.</summary>
    public decimal AllowanceUsed(int index) =>
        counters.AllowanceUsed.GetValueOrDefault(Plan.Allowances[index].Allowance.Id) + (_allowanceUsed?[index] ?? 0m);

    public void UseAllowance(int index, decimal quantity)
    {
        _allowanceUsed ??= new decimal[Plan.Allowances.Length];
        _allowanceUsed[index] += quantity;
    }

    /// <summary>Billable base units of <paramref name="charge"/> in the cycle before this piece.</summary>
    public decimal ChargeQuantity(ChargePlan charge)
    {
        var quantity = counters.ChargeQuantity.GetValueOrDefault(charge.Charge.Id);
        if (_chargeQuantities is not null)
        {
            foreach (var (c, q) in _chargeQuantities)
            {
                quantity += c == charge ? q : 0m;
            }
        }

        return quantity;
    }

    public void AddChargeQuantity(ChargePlan charge, decimal quantity) =>
        (_chargeQuantities ??= []).Add((charge, quantity));

    /// <summary>Rounds the piece and turns it into its rated part.</summary>
    public RatedPart Finish(PartWork part)
    {
        var product = Plan.Product;
        var rounded = product.Rounding.Round(part.Amount, product.Currency);
        part.Steps.Add(new Step(StepKind.Rounded, part.Amount, rounded));
        var size = part.Charge.UnitSize;
        return new RatedPart
        {
            ChargeId = part.Charge.Charge.Id,
            Model = part.Charge.Charge.Model,
            Zone = Zone,
            Band = part.Band,
            Start = part.Start.ToDateTimeOffset(),
            End = part.End.ToDateTimeOffset(),
            Quantity = part.Quantity,
            ChargedQuantity = part.Charged,
            RateUnit = part.Charge.Charge.RateUnit,
            Units = part.Charged / size,
            Allowances = (IReadOnlyList<AllowanceConsumption>?)part.Allowances ?? [],
            BillableUnits = part.Billable / size,
            UnroundedAmount = part.Amount,
            Amount = rounded,
            TaxCategory = part.Charge.Charge.TaxCategory,
            Rule = part.Charge.Rule,
            Steps = new CalculationSteps(part.Steps, part.Charge.BaseUnit, part.Charge.Charge.RateUnit, product),
        };
    }

    /// <summary>The counter increases of the record, allowances in consumption order, then charges.</summary>
    public List<CounterDelta> Deltas()
    {
        var deltas = new List<CounterDelta>();
        for (var i = 0; _allowanceUsed is not null && i < _allowanceUsed.Length; i++)
        {
            if (_allowanceUsed[i] > 0)
            {
                var allowance = Plan.Allowances[i];
                deltas.Add(new CounterDelta(CounterKind.AllowanceUsed, allowance.Allowance.Id, allowance.Scope, counters.CycleKey, _allowanceUsed[i]));
            }
        }

        if (_chargeQuantities is null)
        {
            return deltas;
        }

        for (var i = 0; i < _chargeQuantities.Count; i++)
        {
            var (charge, quantity) = _chargeQuantities[i];
            var index = deltas.FindIndex(d => d.Kind == CounterKind.ChargeQuantity && d.Id == charge.Charge.Id);
            if (index < 0)
            {
                deltas.Add(new CounterDelta(CounterKind.ChargeQuantity, charge.Charge.Id, charge.Charge.CounterScope, counters.CycleKey, quantity));
            }
            else
            {
                deltas[index] = deltas[index] with { Quantity = deltas[index].Quantity + quantity };
            }
        }

        return deltas;
    }
}
