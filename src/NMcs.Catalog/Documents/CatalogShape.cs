namespace NMcs.Catalog.Model;

/// <summary>
/// The properties the parser accepts on each object of a catalog document, keyed by the object's definition name in
/// docs/catalog.schema.json ("document" is the top level). A test keeps the schema and this list in step.
/// </summary>
internal static class CatalogShape
{
    /// <summary>Accepted property names per object kind.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Properties { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["document"] = ["$schema", "formatVersion", "taxRates", "products"],
        ["taxRate"] = ["jurisdiction", "category", "rate", "treatment", "validFrom", "validTo"],
        ["product"] =
        [
            "id", "version", "name", "description", "status", "validFrom", "validTo", "currency", "rounding", "customServices", "holidays",
            "timeBands", "zones", "recurringCharges", "oneTimeCharges", "usageCharges", "allowances", "discounts", "commitments", "caps", "rules",
        ],
        ["rounding"] = ["mode", "decimals"],
        ["customService"] = ["id", "name", "baseUnit", "units"],
        ["timeBand"] = ["id", "name", "windows"],
        ["timeWindow"] = ["days", "from", "to"],
        ["zone"] = ["id", "name", "destinationPrefixes", "visitedNetworks"],
        ["recurringCharge"] = ["id", "name", "price", "period", "timing", "proration", "suspension", "suspendedPrice", "taxCategory"],
        ["oneTimeCharge"] = ["id", "name", "price", "trigger", "taxCategory"],
        ["usageCharge"] =
        [
            "id", "name", "service", "rateUnit", "model", "price", "tiers", "blockSize", "percent", "percentOf", "increment", "roundPer",
            "connectFee", "maxCostPerRecord", "timeBand", "zone", "counterScope", "taxCategory",
        ],
        ["tier"] = ["from", "to", "price", "flatFee"],
        ["increment"] = ["first", "next"],
        ["allowance"] = ["id", "name", "service", "quantity", "unit", "scope", "priority", "timeBand", "zone", "charges", "notifyAtPercent"],
        ["discount"] = ["id", "name", "kind", "value", "charges", "cycles", "from", "until"],
        ["commitment"] = ["id", "name", "minimum", "charges"],
        ["cap"] = ["id", "name", "maximum", "charges"],
        ["rule"] = ["name", "version", "parameters", "charges"],
    };
}
