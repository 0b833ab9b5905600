namespace NMcs.Catalog;

/// <summary>
/// One version of a sellable product: what a subscription pays every period, once, and per use. Versions are
/// immutable once created; a subscription keeps the version it was activated on.
/// </summary>
/// <param name="Id">Product id, stable across versions.</param>
/// <param name="Version">Version number, starting at 1.</param>
/// <param name="Name">Name shown on invoices.</param>
/// <param name="Currency">Currency of every price in the product.</param>
/// <param name="MonthlyFee">Recurring charge per monthly billing period, charged in advance.</param>
/// <param name="ActivationFee">One-time charge when a subscription is activated.</param>
/// <param name="UsageCharges">Usage prices and allowances per service.</param>
public sealed record Product(
    string Id,
    int Version,
    string Name,
    Currency Currency,
    decimal MonthlyFee,
    decimal ActivationFee,
    IReadOnlyList<UsageCharge> UsageCharges)
{
    /// <summary>The usage charge for <paramref name="service"/>, or null when the product does not sell it.</summary>
    public UsageCharge? UsageChargeFor(ServiceType service) => UsageCharges.FirstOrDefault(c => c.Service == service);

    /// <summary>Checks the product for values an operator could not mean; names the field and the fix.</summary>
    public static Product Validate(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (string.IsNullOrWhiteSpace(product.Id) || product.Id.Length > 64)
        {
            throw new DomainException("INVALID_PRODUCT", "id", "id must be 1 to 64 characters, e.g. IOT-1GB.");
        }

        if (string.IsNullOrWhiteSpace(product.Name))
        {
            throw new DomainException("INVALID_PRODUCT", "name", "name must not be empty; it is printed on invoices.");
        }

        if (product.MonthlyFee < 0)
        {
            throw new DomainException("INVALID_PRODUCT", "monthlyFee", "monthlyFee must be zero or positive.");
        }

        if (product.ActivationFee < 0)
        {
            throw new DomainException("INVALID_PRODUCT", "activationFee", "activationFee must be zero or positive.");
        }

        var seen = new HashSet<ServiceType>();
        for (var i = 0; i < product.UsageCharges.Count; i++)
        {
            var charge = product.UsageCharges[i];
            var field = $"usageCharges[{i}]";
            if (!seen.Add(charge.Service))
            {
                throw new DomainException("INVALID_PRODUCT", field + ".service", $"{field}.service {charge.Service} appears twice; give each service one usage charge.");
            }

            if (UsageUnits.BaseUnitsPer(charge.Service, charge.RateUnit) is null)
            {
                throw new DomainException(
                    "INVALID_PRODUCT",
                    field + ".rateUnit",
                    $"{field}.rateUnit '{charge.RateUnit}' is not a unit of {charge.Service}; use one of {string.Join(", ", UsageUnits.Accepted(charge.Service))}.");
            }

            if (charge.PricePerUnit < 0)
            {
                throw new DomainException("INVALID_PRODUCT", field + ".pricePerUnit", $"{field}.pricePerUnit must be zero or positive.");
            }

            if (charge.IncludedUnits < 0)
            {
                throw new DomainException("INVALID_PRODUCT", field + ".includedUnits", $"{field}.includedUnits must be zero or positive.");
            }
        }

        return product;
    }
}
