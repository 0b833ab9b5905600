namespace NMcs.Api.Ingestion;

/// <summary>A usage record that passed validation, SIM not yet resolved.</summary>
/// <param name="RecordId">Unique record id.</param>
/// <param name="SimField">Which identifier named the SIM: iccid, imsi or msisdn.</param>
/// <param name="SimId">The identifier's value.</param>
/// <param name="Timestamp">Start of the usage (UTC).</param>
/// <param name="Service">Service code: DATA, SMS, VOICE or a product's custom service.</param>
/// <param name="Quantity">Quantity as sent.</param>
/// <param name="Unit">Unit as sent, upper case.</param>
/// <param name="BaseQuantity">Quantity in the service's base unit when the service is built in.</param>
/// <param name="BaseUnitKnown">False for custom services: the product's unit table converts at rating.</param>
/// <param name="DurationSeconds">Session length, for splitting across time bands.</param>
/// <param name="Destination">Called or messaged number.</param>
/// <param name="VisitedNetwork">MCC-MNC of the visited network when roaming.</param>
public sealed record ParsedUsageRecord(
    string RecordId,
    string SimField,
    string SimId,
    DateTimeOffset Timestamp,
    string Service,
    decimal Quantity,
    string Unit,
    decimal BaseQuantity,
    bool BaseUnitKnown,
    double? DurationSeconds,
    string? Destination,
    string? VisitedNetwork);
