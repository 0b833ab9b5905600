using NMcs.Catalog;

namespace NMcs.Storage;

/// <summary>The JSON shape a product version is stored in.</summary>
internal sealed record ProductDocument(
    string Id,
    int Version,
    string Name,
    string Currency,
    decimal MonthlyFee,
    decimal ActivationFee,
    IReadOnlyList<UsageChargeDocument> UsageCharges)
{
    public static ProductDocument From(Product product) => new(
        product.Id,
        product.Version,
        product.Name,
        product.Currency.Code,
        product.MonthlyFee,
        product.ActivationFee,
        product.UsageCharges.Select(c => new UsageChargeDocument(c.Service.ToString(), c.RateUnit, c.PricePerUnit, c.IncludedUnits)).ToList());

    public Product ToProduct() => new(
        Id,
        Version,
        Name,
        NMcs.Currency.Parse(Currency),
        MonthlyFee,
        ActivationFee,
        UsageCharges.Select(c => new UsageCharge(Enum.Parse<ServiceType>(c.Service), c.RateUnit, c.PricePerUnit, c.IncludedUnits)).ToList());
}

/// <summary>Stored shape of a usage charge.</summary>
internal sealed record UsageChargeDocument(string Service, string RateUnit, decimal PricePerUnit, decimal IncludedUnits);
