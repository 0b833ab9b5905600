using System.Text;
using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>
/// One priced piece of a usage record: the whole record, or the part of it in one time band, or a percentage charge
/// on top of such a part. Keeps the quantities, allowance use, unrounded and rounded amounts and the calculation
/// steps for invoices and disputes.
/// </summary>
public sealed record RatedPart
{
    private IReadOnlyList<string>? _steps;

    /// <summary>Usage charge that priced the part.</summary>
    public required string ChargeId { get; init; }

    /// <summary>The charge's model.</summary>
    public required ChargeModel Model { get; init; }

    /// <summary>Zone of the record, or null.</summary>
    public string? Zone { get; init; }

    /// <summary>
    /// Time band of the part; null when no band covers the moment or when no charge or allowance of the service is
    /// restricted to a band (then the band cannot change the price and the record is not split).
    /// </summary>
    public string? Band { get; init; }

    /// <summary>Start of the part.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>End of the part (equal to <see cref="Start"/> for an instant event).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Reported quantity of the part in base units.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Quantity after increments, in base units.</summary>
    public required decimal ChargedQuantity { get; init; }

    /// <summary>Unit prices are quoted in.</summary>
    public required string RateUnit { get; init; }

    /// <summary><see cref="ChargedQuantity"/> in rate units.</summary>
    public required decimal Units { get; init; }

    /// <summary>Allowances the part consumed, in consumption order.</summary>
    public IReadOnlyList<AllowanceConsumption> Allowances { get; init; } = [];

    /// <summary>Units charged after allowances, in rate units.</summary>
    public required decimal BillableUnits { get; init; }

    /// <summary>Amount before rounding.</summary>
    public required decimal UnroundedAmount { get; init; }

    /// <summary>Amount rounded by the product's rounding rule.</summary>
    public required decimal Amount { get; init; }

    /// <summary>Tax category of the charge, or null.</summary>
    public string? TaxCategory { get; init; }

    /// <summary>Rule plugin the host applies to this part after declarative rating, or null.</summary>
    public RuleRef? Rule { get; init; }

    /// <summary>
    /// Human-readable calculation steps. The engine keeps them as numbers and renders the text on first read (ledger
    /// write, invoice detail, dispute), which keeps string formatting out of the rating kernel.
    /// </summary>
    public IReadOnlyList<string> Steps
    {
        // Two threads reading at once may both render; they render the same lines.
        get => _steps ??= CalculationSteps.Render(this);
        init => _steps = value;
    }

    /// <summary>
    /// Appends <see cref="Steps"/> to <paramref name="text"/>, each after <paramref name="separator"/> unless it is the
    /// first of the text (<paramref name="written"/> steps are there already), rendering them straight into the text
    /// when they were not read yet (the ledger write: no string per step). Returns the steps in the text now.
    /// </summary>
    public int AppendSteps(StringBuilder text, string separator, int written)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(separator);
        if (_steps is null)
        {
            return CalculationSteps.Append(text, this, separator, written);
        }

        foreach (var step in _steps)
        {
            (written++ == 0 ? text : text.Append(separator)).Append(step);
        }

        return written;
    }

    /// <summary>The calculation as the engine recorded it, rendered into <see cref="Steps"/> on first read.</summary>
    internal CalculationTrail Trail { get; init; }
}
