using System.Collections;
using System.Globalization;
using System.Text;
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
        var count = LineCount(part);
        var lines = new string[count];
        var text = new StringBuilder(128);
        for (var line = 0; line < count; line++)
        {
            WriteLine(text.Clear(), part, line);
            lines[line] = text.ToString();
        }

        return new CalculationSteps(lines);
    }

    /// <summary>
    /// Appends the lines of <paramref name="part"/>'s calculation to <paramref name="text"/>, each after
    /// <paramref name="separator"/> unless it is the first of the text (<paramref name="written"/> lines are there
    /// already), as <c>string.Join</c> would join them with the lines before: the text of <see cref="Render"/>'s lines
    /// without a string per line. Returns the lines in the text now.
    /// </summary>
    public static int Append(StringBuilder text, RatedPart part, string separator, int written)
    {
        var count = LineCount(part);
        for (var line = 0; line < count; line++)
        {
            WriteLine(written++ == 0 ? text : text.Append(separator), part, line);
        }

        return written;
    }

    // The increment line (when the trail has one), one line per recorded step, and the rounding line; none without a charge.
    private static int LineCount(RatedPart part)
    {
        var trail = part.Trail;
        return trail.Charge is null ? 0 : (trail.IncrementStep is null ? 0 : 1) + (trail.Steps?.Length ?? 0) + 1;
    }

    // Writes line `line` (of LineCount) of the part's calculation.
    private static void WriteLine(StringBuilder text, RatedPart part, int line)
    {
        var trail = part.Trail;
        var charge = trail.Charge!;
        if (trail.IncrementStep is { } kind)
        {
            if (line == 0)
            {
                WriteIncrement(text, kind, part, charge);
                return;
            }

            line--;
        }

        if (trail.Steps is { } steps && line < steps.Length)
        {
            Write(text, steps[line], part, charge);
            return;
        }

        var product = charge.Product;
        text.Append($"rounded {ModeName(product.Rounding.Mode)} to {product.Rounding.DecimalsFor(product.Currency)} decimals: {new Plain(part.UnroundedAmount)} → {new Plain(part.Amount)} {product.Currency.Code}");
    }

    /// <summary>
    /// A decimal without trailing zeros, invariant culture: the text of the format <c>0.####…</c> (28 places, a
    /// decimal's most), made by trimming the general format's text instead, which is several times cheaper (every
    /// rated record renders a handful of these).
    /// </summary>
    internal static string N(decimal value) => new Plain(value).ToString();

    /// <summary>A quantity in rate units for reading: at most six decimals (rounded half away from zero, as the format <c>0.######</c> does).</summary>
    internal static string U(decimal value) => new Plain(value, SixPlaces: true).ToString();

    /// <summary>
    /// <see cref="N"/> (or <see cref="U"/>) as a value an interpolated string formats in place, without a string of
    /// its own.
    /// </summary>
    private readonly record struct Plain(decimal Value, bool SixPlaces = false) : ISpanFormattable
    {
        private const string AllPlaces = "0.############################";

        public override string ToString()
        {
            Span<char> text = stackalloc char[64];
            return TryFormat(text, out var written, default, null) ? new string(text[..written]) : Fallback();
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            var value = SixPlaces ? Math.Round(Value, 6, MidpointRounding.AwayFromZero) : Value;
            if (value == 0m)
            {
                // Zero (of any scale or sign, or a quantity that rounds to it): the format itself decides, except for a
                // plain zero, which it writes as "0" (the common case: formatting a pattern is slow).
                var zero = Value == 0m && !decimal.IsNegative(Value) ? "0" : Fallback();
                charsWritten = zero.TryCopyTo(destination) ? zero.Length : 0;
                return charsWritten > 0;
            }

            if (!value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture))
            {
                charsWritten = 0;
                return false;
            }

            var text = destination[..written];
            if (text.Contains('.'))
            {
                text = text.TrimEnd('0').TrimEnd('.');
            }

            charsWritten = text.Length;
            return true;
        }

        private string Fallback() => Value.ToString(SixPlaces ? "0.######" : AllPlaces, CultureInfo.InvariantCulture);
    }

    private static string Range(PriceTier tier) => $"{new Plain(tier.From)}–{(tier.To is { } to ? N(to) : "∞")}";

    private static void WriteIncrement(StringBuilder text, StepKind kind, RatedPart part, ChargePlan charge)
    {
        var unit = charge.BaseUnit;
        var increment = charge.Charge.Increment;
        _ = kind switch
        {
            StepKind.Covered => text.Append($"{new Plain(part.Quantity)} {unit} already covered by the record's earlier rounding"),
            StepKind.FirstIncrement => text.Append($"increments {new Plain(increment!.First)}/{new Plain(increment.Next)}: {new Plain(part.Quantity)} {unit} charged as {new Plain(part.ChargedQuantity)} {unit}"),
            _ => text.Append($"increments of {new Plain(increment!.Next)} continuing the record: {new Plain(part.Quantity)} {unit} charged as {new Plain(part.ChargedQuantity)} {unit}"),
        };
    }

    /// <summary>
    /// Writes one step's line. Numbers the step did not keep are worked out here exactly as pricing worked them out (same
    /// operands, same operations), so they come out identical.
    /// </summary>
    private static void Write(StringBuilder text, Step s, RatedPart part, ChargePlan charge)
    {
        var unit = charge.BaseUnit;
        var rate = charge.Charge.RateUnit;
        var size = charge.UnitSize;
        _ = s.Kind switch
        {
            StepKind.AllowanceUsedUp when s.Ref is AllowancePlan a => text.Append($"allowance {a.Allowance.Id} used up ({new Plain(s.A)} of {new Plain(a.Quantity)} {unit})"),
            StepKind.Allowance when s.Ref is AllowancePlan a => text.Append($"allowance {a.Allowance.Id}{(a.Scope == CounterScope.Account ? " (pooled)" : "")} covers {new Plain(s.A)} {unit} ({new Plain(s.B)} of {new Plain(a.Quantity)} {unit} left)"),
            StepKind.PerUnit => text.Append($"billable {new Plain(s.A, SixPlaces: true)} {rate} × {new Plain(charge.Charge.Price ?? 0)} = {new Plain(s.B)}"),
            StepKind.GraduatedTier when s.Ref is PriceTier t => text.Append($"graduated tier {Range(t)} {rate}: {new Plain(s.A, SixPlaces: true)} {rate} × {new Plain(t.Price ?? 0)} = {new Plain(s.B)}"),
            StepKind.GraduatedNothing => text.Append("graduated: nothing billable"),
            StepKind.Volume when s.Ref is PriceTier t => text.Append($"volume: cycle total {new Plain(s.A, SixPlaces: true)} {rate} is in tier {Range(t)}; {new Plain(part.BillableUnits, SixPlaces: true)} {rate} × {new Plain(t.Price ?? 0)} = {new Plain(s.B)} (trued up at cycle end)"),
            StepKind.Block when s.Ref is UsageCharge c => WriteBlock(s.A, s.B, c, charge),
            StepKind.FlatTier when s.Ref is PriceTier t => text.Append($"enters tier {Range(t)} {rate}: flat fee {new Plain(t.FlatFee ?? 0)}"),
            StepKind.FirstInterval when s.Ref is UsageIncrement i && charge.IncrementPrices is { } p =>
                text.Append($"first interval {new Plain(s.A)} {unit} at {new Plain(p.First)} per {new Plain(i.First)} {unit} (rounded from {new Plain(p.FirstRaw)}) = {new Plain(p.First * s.A / i.First)}"),
            StepKind.NextIntervals when s.Ref is UsageIncrement i && charge.IncrementPrices is { } p =>
                text.Append($"{new Plain(s.A / i.Next, SixPlaces: true)} × {new Plain(i.Next)} {unit} at {new Plain(p.Next)} each (rounded from {new Plain(p.NextRaw)}) = {new Plain(p.Next * s.A / i.Next)}"),
            StepKind.ConnectFee => text.Append($"connect fee {new Plain(s.A)} once per record"),
            StepKind.MaxCost => text.Append($"max cost per record {new Plain(charge.Charge.MaxCostPerRecord ?? 0)}: {new Plain(s.A)} capped, {new Plain(s.B)} taken off this part"),
            StepKind.Percentage => text.Append($"{new Plain(charge.Charge.Percent ?? 0)} % of {s.Ref as string} {new Plain(s.A)} = {new Plain(part.UnroundedAmount)}"),
            _ => text.Append(s.Kind.ToString()),
        };

        StringBuilder WriteBlock(decimal before, decimal after, UsageCharge c, ChargePlan plan)
        {
            var block = plan.BlockQuantity!.Value;
            var blocks = Math.Ceiling(after / block) - Math.Ceiling(before / block);
            return text.Append($"blocks of {new Plain(c.BlockSize ?? 0)} {rate}: cycle total {new Plain(before / size, SixPlaces: true)} → {new Plain(after / size, SixPlaces: true)} {rate} starts {new Plain(blocks)} new block(s) × {new Plain(c.Price ?? 0)} = {new Plain(blocks * c.Price!.Value)}");
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
