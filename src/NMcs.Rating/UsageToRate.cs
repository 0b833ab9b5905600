using NMcs.Catalog;

namespace NMcs.Rating;

/// <summary>A validated usage record, quantity already in the service's base unit.</summary>
/// <param name="RecordId">Network element's unique record id.</param>
/// <param name="Service">Service used.</param>
/// <param name="BaseQuantity">Quantity in base units (bytes, messages, seconds).</param>
/// <param name="OccurredAt">When the usage happened.</param>
public sealed record UsageToRate(string RecordId, ServiceType Service, decimal BaseQuantity, DateTimeOffset OccurredAt);
