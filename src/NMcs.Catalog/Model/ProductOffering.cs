using NodaTime;

namespace NMcs.Catalog.Model;

/// <summary>
/// One version of a sellable product: what a subscription pays every period, once, and per use, and the bands,
/// zones, allowances, discounts, commitments, caps and rules that shape it. A version is self-contained (it carries
/// its own bands and zones), so publishing it freezes everything that prices a record; change a published product
/// by publishing a new version with a later <see cref="ValidFrom"/>.
/// </summary>
public sealed record ProductOffering
{
    /// <summary>Product id, stable across versions, e.g. IOT-POOL-10.</summary>
    public required string Id { get; init; }

    /// <summary>Version number, from 1.</summary>
    public required int Version { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public required string Name { get; init; }

    /// <summary>Longer text for portals.</summary>
    public string? Description { get; init; }

    /// <summary>Lifecycle status.</summary>
    public LifecycleStatus Status { get; init; } = LifecycleStatus.Draft;

    /// <summary>First instant the version is in force.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>Instant the version stops being in force; null until superseded or retired.</summary>
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>Currency of every price in the version.</summary>
    public required Currency Currency { get; init; }

    /// <summary>How amounts are rounded per line.</summary>
    public RoundingRule Rounding { get; init; } = RoundingRule.Default;

    /// <summary>Services beyond DATA, SMS and VOICE the version sells, with their units.</summary>
    public IReadOnlyList<CustomService> CustomServices { get; init; } = [];

    /// <summary>The product's holiday calendar; the account's holidays are added at rating time.</summary>
    public IReadOnlyList<LocalDate> Holidays { get; init; } = [];

    /// <summary>Time bands usage charges and allowances can be restricted to.</summary>
    public IReadOnlyList<TimeBand> TimeBands { get; init; } = [];

    /// <summary>Zones usage charges and allowances can be restricted to.</summary>
    public IReadOnlyList<Zone> Zones { get; init; } = [];

    /// <summary>Charges every period.</summary>
    public IReadOnlyList<RecurringCharge> RecurringCharges { get; init; } = [];

    /// <summary>Fees on order events.</summary>
    public IReadOnlyList<OneTimeCharge> OneTimeCharges { get; init; } = [];

    /// <summary>Prices of usage.</summary>
    public IReadOnlyList<UsageCharge> UsageCharges { get; init; } = [];

    /// <summary>Included quantities.</summary>
    public IReadOnlyList<Allowance> Allowances { get; init; } = [];

    /// <summary>Reductions of chosen charges.</summary>
    public IReadOnlyList<Discount> Discounts { get; init; } = [];

    /// <summary>Minimum spends per cycle.</summary>
    public IReadOnlyList<Commitment> Commitments { get; init; } = [];

    /// <summary>Maximums per cycle on chosen charges.</summary>
    public IReadOnlyList<Cap> Caps { get; init; } = [];

    /// <summary>C# rule plugins applied after declarative rating.</summary>
    public IReadOnlyList<RuleRef> Rules { get; init; } = [];

    /// <summary>True when the version is published and <paramref name="at"/> is inside its effective dates.</summary>
    public bool InForceAt(DateTimeOffset at) =>
        Status == LifecycleStatus.Published && at >= ValidFrom && (ValidTo is null || at < ValidTo);

    /// <summary>
    /// Base units (bytes, messages, seconds, custom base units) in one <paramref name="unit"/> of
    /// <paramref name="service"/>, or null when the service is not known to the version or does not use the unit.
    /// </summary>
    public decimal? BaseUnitsPer(string service, string unit)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(unit);
        if (ServiceCodes.BuiltInType(service) is { } builtIn)
        {
            return UsageUnits.BaseUnitsPer(builtIn, unit);
        }

        var custom = FindCustomService(service);
        if (custom is null)
        {
            return null;
        }

        foreach (var (name, factor) in custom.Units)
        {
            if (string.Equals(name, unit, StringComparison.OrdinalIgnoreCase))
            {
                return factor;
            }
        }

        return null;
    }

    /// <summary>Units <paramref name="service"/> can be rated in, empty when the service is unknown to the version.</summary>
    public IReadOnlyList<string> UnitsOf(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (ServiceCodes.BuiltInType(service) is { } builtIn)
        {
            return UsageUnits.Accepted(builtIn);
        }

        return FindCustomService(service)?.Units.Keys.ToList() ?? [];
    }

    /// <summary>Base unit name of <paramref name="service"/> (B, MSG, S or the custom base unit), or null when unknown.</summary>
    public string? BaseUnitOf(string service) =>
        ServiceCodes.BuiltInBaseUnit(service) ?? FindCustomService(service)?.BaseUnit;

    /// <summary>True when <paramref name="service"/> is built in or declared by the version.</summary>
    public bool KnowsService(string service) => BaseUnitOf(service) is not null;

    /// <summary>The usage charge with id <paramref name="chargeId"/>, or null.</summary>
    public UsageCharge? FindUsageCharge(string chargeId) => UsageCharges.FirstOrDefault(c => c.Id == chargeId);

    private CustomService? FindCustomService(string service)
    {
        foreach (var custom in CustomServices)
        {
            if (custom.Id == service)
            {
                return custom;
            }
        }

        return null;
    }
}
