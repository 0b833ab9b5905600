using NMcs.Catalog;
using NMcs.Catalog.Model;

namespace NMcs.Grains;

/// <summary>Converts a reported quantity to the base unit the rating engine prices in.</summary>
internal static class UsageQuantities
{
    /// <summary>
    /// Base units of <paramref name="quantity"/> <paramref name="unit"/> of <paramref name="service"/>: built-in
    /// services by their fixed units (binary data units), custom services by the product's unit table.
    /// </summary>
    public static decimal ToBase(ProductOffering product, string service, decimal quantity, string unit)
    {
        if (UsageUnits.TryParseService(service) is ServiceType builtIn)
        {
            return UsageUnits.ToBaseUnits(builtIn, quantity, unit);
        }

        var custom = product.CustomServices.FirstOrDefault(s => s.Id == service)
            ?? throw new DomainException("SERVICE_NOT_IN_PRODUCT", "serviceType", $"serviceType {service} is not sold by product {product.Id} v{product.Version}.");
        var factor = custom.Units.FirstOrDefault(u => string.Equals(u.Key, unit, StringComparison.OrdinalIgnoreCase)).Value;
        if (factor == 0)
        {
            throw new DomainException("INVALID_UNIT", "unit", $"unit '{unit}' is not a unit of {service}; use one of {string.Join(", ", custom.Units.Keys)}.");
        }

        return quantity * factor;
    }
}
