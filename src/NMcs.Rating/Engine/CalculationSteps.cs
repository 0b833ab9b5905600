using System.Collections;
using System.Globalization;
using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>The human-readable calculation of a rated part, rendered from its <see cref="CalculationTrail"/>.</summary>
internal sealed class CalculationSteps(string[] lines) : IReadOnlyList<string>
{
    public int Count => lines.Length;

    public string this[int index] => lines[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)lines).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", lines);

    /// <summary>The lines of <paramref name="part"/>'s calculation: increments, the recorded steps, rounding.</summary>
    public static CalculationSteps Render(RatedPart part)
    {
        var trail = part.Trail;
        if (trail.Charge is not { } charge)
        {
            return new CalculationSteps([]);
        }

        var steps = trail.Steps ?? [];
        var lines = new List<string>(steps.Length + 2);
        if (trail.IncrementStep is { } kind)
        {
            lines.Add(RenderIncrement(kind, part, charge));
        }

        foreach (var step in steps)
        {
            lines.Add(Render(step, part, charge));
        }

        var product = charge.Product;
        lines.Add($"rounded {ModeName(product.Rounding.Mode)} to {product.Rounding.DecimalsFor(product.Currency)} decimals: {N(part.UnroundedAmount)} → {N(part.Amount)} {product.Currency.Code}");
        return new CalculationSteps([.. lines]);
    }

    /// <summary>
    /// A decimal without trailing zeros, invariant culture: the text of the format <c>0.####…</c> (28 places, a
    /// decimal's most), made by trimming the general format's text instead, which is several times cheaper (every
    /// rated record renders a handful of these).
    /// </summary>
    internal static string N(decimal value)
    {
        Span<char> text = stackalloc char[48];
        if (value == 0m || !value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture))
        {
            // Zero (of any scale or sign) and anything unexpected: the format itself.
            return value.ToString(AllPlaces, CultureInfo.InvariantCulture);
        }

        var trimmed = text[..written];
        if (trimmed.Contains('.'))
        {
            trimmed = trimmed.TrimEnd('0').TrimEnd('.');
        }

        return new string(trimmed);
    }

    /// <summary>A quantity in rate units for reading: at most six decimals (rounded half away from zero, as the format <c>0.######</c> does).</summary>
    internal static string U(decimal value)
    {
        var rounded = Math.Round(value, 6, MidpointRounding.AwayFromZero);
        return rounded == 0m ? value.ToString("0.######", CultureInfo.InvariantCulture) : N(rounded);
    }

    private const string AllPlaces = "0.############################";

    private static string Range(PriceTier tier) => $"{N(tier.From)}–{(tier.To is { } to ? N(to) : "∞")}";

    private static string RenderIncrement(StepKind kind, RatedPart part, ChargePlan charge)
    {
        var unit = charge.BaseUnit;
        var increment = charge.Charge.Increment;
        return kind switch
        {
            StepKind.Covered => $"{N(part.Quantity)} {unit} already covered by the record's earlier rounding",
            StepKind.FirstIncrement => $"increments {N(increment!.First)}/{N(increment.Next)}: {N(part.Quantity)} {unit} charged as {N(part.ChargedQuantity)} {unit}",
            _ => $"increments of {N(increment!.Next)} continuing the record: {N(part.Quantity)} {unit} charged as {N(part.ChargedQuantity)} {unit}",
        };
    }

    /// <summary>
    /// One step's line. Numbers the step did not keep are worked out here exactly as pricing worked them out (same
    /// operands, same operations), so they come out identical.
    /// </summary>
    private static string Render(Step s, RatedPart part, ChargePlan charge)
    {
        var unit = charge.BaseUnit;
        var rate = charge.Charge.RateUnit;
        var size = charge.UnitSize;
        return s.Kind switch
        {
            StepKind.AllowanceUsedUp when s.Ref is AllowancePlan a => $"allowance {a.Allowance.Id} used up ({N(s.A)} of {N(a.Quantity)} {unit})",
            StepKind.Allowance when s.Ref is AllowancePlan a => $"allowance {a.Allowance.Id}{(a.Scope == CounterScope.Account ? " (pooled)" : "")} covers {N(s.A)} {unit} ({N(s.B)} of {N(a.Quantity)} {unit} left)",
            StepKind.PerUnit => $"billable {U(s.A)} {rate} × {N(charge.Charge.Price ?? 0)} = {N(s.B)}",
            StepKind.GraduatedTier when s.Ref is PriceTier t => $"graduated tier {Range(t)} {rate}: {U(s.A)} {rate} × {N(t.Price ?? 0)} = {N(s.B)}",
            StepKind.GraduatedNothing => "graduated: nothing billable",
            StepKind.Volume when s.Ref is PriceTier t => $"volume: cycle total {U(s.A)} {rate} is in tier {Range(t)}; {U(part.BillableUnits)} {rate} × {N(t.Price ?? 0)} = {N(s.B)} (trued up at cycle end)",
            StepKind.Block when s.Ref is UsageCharge c => RenderBlock(s.A, s.B, c, charge),
            StepKind.FlatTier when s.Ref is PriceTier t => $"enters tier {Range(t)} {rate}: flat fee {N(t.FlatFee ?? 0)}",
            StepKind.FirstInterval when s.Ref is UsageIncrement i && charge.IncrementPrices is { } p =>
                $"first interval {N(s.A)} {unit} at {N(p.First)} per {N(i.First)} {unit} (rounded from {N(p.FirstRaw)}) = {N(p.First * s.A / i.First)}",
            StepKind.NextIntervals when s.Ref is UsageIncrement i && charge.IncrementPrices is { } p =>
                $"{U(s.A / i.Next)} × {N(i.Next)} {unit} at {N(p.Next)} each (rounded from {N(p.NextRaw)}) = {N(p.Next * s.A / i.Next)}",
            StepKind.ConnectFee => $"connect fee {N(s.A)} once per record",
            StepKind.MaxCost => $"max cost per record {N(charge.Charge.MaxCostPerRecord ?? 0)}: {N(s.A)} capped, {N(s.B)} taken off this part",
            StepKind.Percentage => $"{N(charge.Charge.Percent ?? 0)} % of {s.Ref as string} {N(s.A)} = {N(part.UnroundedAmount)}",
            _ => s.Kind.ToString(),
        };

        string RenderBlock(decimal before, decimal after, UsageCharge c, ChargePlan plan)
        {
            var block = plan.BlockQuantity!.Value;
            var blocks = Math.Ceiling(after / block) - Math.Ceiling(before / block);
            return $"blocks of {N(c.BlockSize ?? 0)} {rate}: cycle total {U(before / size)} → {U(after / size)} {rate} starts {N(blocks)} new block(s) × {N(c.Price ?? 0)} = {N(blocks * c.Price!.Value)}";
        }
    }

    private static string ModeName(RoundingMode mode) => mode switch
    {
        RoundingMode.HalfEven => "half-even",
        RoundingMode.Up => "up",
        RoundingMode.Down => "down",
        _ => "half-up",
    };
}
