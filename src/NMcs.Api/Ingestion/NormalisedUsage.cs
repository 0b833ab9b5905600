namespace NMcs.Api.Ingestion;

/// <summary>The normalised service and quantity of a validated record.</summary>
/// <param name="Service">Service code, upper case.</param>
/// <param name="Unit">The platform's unit (aliases such as BYTES mapped to B), upper case.</param>
/// <param name="BaseQuantity">Quantity in the service's base unit for built-in services; as sent for custom ones.</param>
/// <param name="BaseUnitKnown">False for custom services: the product's unit table converts at rating.</param>
public sealed record NormalisedUsage(string Service, string Unit, decimal BaseQuantity, bool BaseUnitKnown);
