using NMcs.Catalog;

namespace NMcs.Api.Ingestion;

/// <summary>A usage record that passed validation, SIM not yet resolved.</summary>
public sealed record ParsedUsageRecord(
    string RecordId,
    string SimField,
    string SimId,
    DateTimeOffset Timestamp,
    ServiceType Service,
    decimal Quantity,
    string Unit,
    decimal BaseQuantity);
