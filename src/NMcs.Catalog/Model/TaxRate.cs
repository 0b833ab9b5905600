namespace NMcs.Catalog.Model;

/// <summary>The tax of one category of charges in one jurisdiction, in force between its dates.</summary>
public sealed record TaxRate
{
    /// <summary>Country or region code, e.g. DE or US-CA.</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>Tax category charges name, e.g. telecom, utility.</summary>
    public required string Category { get; init; }

    /// <summary>Rate in percent, e.g. 19.</summary>
    public required decimal Rate { get; init; }

    /// <summary>Whether prices of the category contain the tax.</summary>
    public TaxTreatment Treatment { get; init; } = TaxTreatment.Exclusive;

    /// <summary>First instant the rate applies; null for always.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>Instant from which the rate no longer applies; null for no end.</summary>
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>True when the rate applies at <paramref name="at"/>.</summary>
    public bool InForceAt(DateTimeOffset at) => (ValidFrom is null || at >= ValidFrom) && (ValidTo is null || at < ValidTo);

    /// <summary>
    /// Tax contained in (inclusive) or due on top of (exclusive) <paramref name="amount"/>, unrounded.
    /// </summary>
    public decimal TaxOn(decimal amount) => Treatment == TaxTreatment.Exclusive
        ? amount * Rate / 100m
        : amount - (amount / (1m + (Rate / 100m)));
}
