using System.Globalization;
using System.Text;

namespace NMcs.Grains;

/// <summary>
/// The per-charge breakdown a rated record keeps in the ledger (<c>RatedUsageRow.Charges</c>): one line per rated part,
/// <c>units billableUnits amount chargeId</c>, amounts unrounded and after rules. Bill runs total usage lines and
/// volume true-ups from it.
/// </summary>
internal static class RatedCharges
{
    /// <summary>Appends one part's line.</summary>
    public static void Append(StringBuilder text, decimal units, decimal billableUnits, decimal amount, string chargeId) =>
        text.Append(CultureInfo.InvariantCulture, $"{units} {billableUnits} {amount} {chargeId}\n");

    /// <summary>Reads the lines back.</summary>
    public static IEnumerable<(decimal BillableUnits, decimal Amount, string ChargeId)> Parse(string charges)
    {
        foreach (var line in charges.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // The charge id comes last and may contain spaces.
            var fields = line.Split(' ', 4);
            yield return (
                decimal.Parse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture),
                decimal.Parse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture),
                fields[3]);
        }
    }
}
