namespace NMcs.Catalog;

/// <summary>
/// Price of one service's usage: <see cref="PricePerUnit"/> for each <see cref="RateUnit"/>, after the first
/// <see cref="IncludedUnits"/> of each billing period (the allowance) are consumed free.
/// </summary>
/// <param name="Service">Service the charge applies to.</param>
/// <param name="RateUnit">Unit the price is quoted in, e.g. MB.</param>
/// <param name="PricePerUnit">Price of one rate unit in the product currency, unrounded.</param>
/// <param name="IncludedUnits">Allowance per subscription per billing period, in rate units.</param>
public sealed record UsageCharge(ServiceType Service, string RateUnit, decimal PricePerUnit, decimal IncludedUnits)
{
    /// <summary>Base units (bytes, messages, seconds) in one rate unit.</summary>
    public decimal BaseUnitsPerRateUnit =>
        UsageUnits.BaseUnitsPer(Service, RateUnit)
        ?? throw new DomainException("INVALID_UNIT", "rateUnit", $"rateUnit '{RateUnit}' is not a unit of {Service}.");
}
