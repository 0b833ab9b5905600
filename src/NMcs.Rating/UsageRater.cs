using System.Globalization;
using NMcs.Catalog;

namespace NMcs.Rating;

/// <summary>
/// Prices usage against a product version. A pure function of (product, record, allowance already used): no I/O and
/// no clock, so it is tested and benchmarked without a silo and two silos given the same input agree.
/// </summary>
public static class UsageRater
{
    /// <summary>
    /// Rates one record. <paramref name="allowanceUsed"/> is how many rate units of the period's allowance earlier
    /// records of this subscription consumed; the caller adds <see cref="RatedUsage.IncludedUnits"/> to it afterwards.
    /// </summary>
    public static RatedUsage Rate(Product product, UsageToRate usage, decimal allowanceUsed)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(usage);
        var charge = product.UsageChargeFor(usage.Service)
            ?? throw new DomainException(
                "SERVICE_NOT_IN_PRODUCT",
                "serviceType",
                $"serviceType {usage.Service.ToString().ToUpperInvariant()} is not sold by product {product.Id} v{product.Version}; the SIM's product has no price for it.");

        var units = usage.BaseQuantity / charge.BaseUnitsPerRateUnit;
        var remaining = Math.Max(0m, charge.IncludedUnits - allowanceUsed);
        var included = Math.Min(units, remaining);
        var billable = units - included;
        var amount = billable * charge.PricePerUnit;
        var rounded = Math.Round(amount, product.Currency.MinorUnits, MidpointRounding.AwayFromZero);
        var steps = string.Create(
            CultureInfo.InvariantCulture,
            $"{usage.BaseQuantity} base units / {charge.BaseUnitsPerRateUnit} = {units} {charge.RateUnit}; allowance left {remaining} {charge.RateUnit} covers {included}; billable {billable} x {charge.PricePerUnit} {product.Currency} = {amount}");
        return new RatedUsage(
            usage.RecordId,
            product.Id,
            product.Version,
            charge.RateUnit,
            units,
            included,
            billable,
            charge.PricePerUnit,
            amount,
            rounded,
            product.Currency.Code,
            steps);
    }
}
