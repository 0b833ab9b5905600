using System.Collections;
using System.Globalization;
using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>
/// The human-readable calculation of a rated part. Rating records the steps as numbers; the text is rendered on first
/// read (ledger write, invoice detail, dispute), which keeps string formatting out of the rating kernel.
/// </summary>
internal sealed class CalculationSteps(List<Step> steps, string baseUnit, string rateUnit, ProductOffering product) : IReadOnlyList<string>
{
    private string[]? _lines;

    public int Count => steps.Count;

    public string this[int index] => Lines[index];

    private string[] Lines => _lines ??= [.. steps.Select(Render)];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Lines).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", Lines);

    /// <summary>A decimal without trailing zeros, invariant culture.</summary>
    internal static string N(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>A quantity in rate units for reading: at most six decimals.</summary>
    private static string U(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Range(PriceTier tier) => $"{N(tier.From)}–{(tier.To is { } to ? N(to) : "∞")}";

    private string Render(Step s)
    {
        var unit = baseUnit;
        var rate = rateUnit;
        return s.Kind switch
        {
            StepKind.Covered => $"{N(s.A)} {unit} already covered by the record's earlier rounding",
            StepKind.FirstIncrement when s.Ref is UsageIncrement i => $"increments {N(i.First)}/{N(i.Next)}: {N(s.A)} {unit} charged as {N(s.B)} {unit}",
            StepKind.NextIncrement when s.Ref is UsageIncrement i => $"increments of {N(i.Next)} continuing the record: {N(s.A)} {unit} charged as {N(s.B)} {unit}",
            StepKind.AllowanceUsedUp => $"allowance {s.Text} used up ({N(s.A)} of {N(s.B)} {unit})",
            StepKind.Allowance => $"allowance {s.Text}{(s.Flag ? " (pooled)" : "")} covers {N(s.A)} {unit} ({N(s.B)} of {N(s.C)} {unit} left)",
            StepKind.PerUnit => $"billable {U(s.A)} {rate} × {N(s.B)} = {N(s.C)}",
            StepKind.GraduatedTier when s.Ref is PriceTier t => $"graduated tier {Range(t)} {rate}: {U(s.A)} {rate} × {N(t.Price ?? 0)} = {N(s.B)}",
            StepKind.GraduatedNothing => "graduated: nothing billable",
            StepKind.Volume when s.Ref is PriceTier t => $"volume: cycle total {U(s.A)} {rate} is in tier {Range(t)}; {U(s.B)} {rate} × {N(t.Price ?? 0)} = {N(s.C)} (trued up at cycle end)",
            StepKind.Block when s.Ref is UsageCharge c => $"blocks of {N(c.BlockSize ?? 0)} {rate}: cycle total {U(s.A)} → {U(s.B)} {rate} starts {N(s.C)} new block(s) × {N(c.Price ?? 0)} = {N(s.D)}",
            StepKind.FlatTier when s.Ref is PriceTier t => $"enters tier {Range(t)} {rate}: flat fee {N(t.FlatFee ?? 0)}",
            StepKind.FirstInterval when s.Ref is UsageIncrement i => $"first interval {N(s.A)} {unit} at {N(s.B)} per {N(i.First)} {unit} (rounded from {N(s.C)}) = {N(s.D)}",
            StepKind.NextIntervals when s.Ref is UsageIncrement i => $"{U(s.A)} × {N(i.Next)} {unit} at {N(s.B)} each (rounded from {N(s.C)}) = {N(s.D)}",
            StepKind.ConnectFee => $"connect fee {N(s.A)} once per record",
            StepKind.MaxCost => $"max cost per record {N(s.A)}: {N(s.B)} capped, {N(s.C)} taken off this part",
            StepKind.Percentage => $"{N(s.A)} % of {s.Text} {N(s.B)} = {N(s.C)}",
            StepKind.Rounded => $"rounded {ModeName(product.Rounding.Mode)} to {product.Rounding.DecimalsFor(product.Currency)} decimals: {N(s.A)} → {N(s.B)} {product.Currency.Code}",
            _ => s.Kind.ToString(),
        };
    }

    private static string ModeName(RoundingMode mode) => mode switch
    {
        RoundingMode.HalfEven => "half-even",
        RoundingMode.Up => "up",
        RoundingMode.Down => "down",
        _ => "half-up",
    };
}
