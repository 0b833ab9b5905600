namespace NMcs.Rules;

/// <summary>A usage record as rules see it.</summary>
/// <param name="RecordId">Unique record id.</param>
/// <param name="Service">Service: DATA, SMS, VOICE or a custom unit service such as METER.</param>
/// <param name="Quantity">Quantity in the service's base unit (bytes, messages, seconds, custom units).</param>
/// <param name="OccurredAt">When the usage happened (UTC).</param>
/// <param name="LocalTime">The same instant in the account's time zone.</param>
/// <param name="VisitedNetwork">MCC-MNC of the visited network when roaming (e.g. "234-15"), else null.</param>
/// <param name="Destination">Called or messaged number, when the service has one.</param>
public sealed record UsageFacts(
    string RecordId,
    string Service,
    decimal Quantity,
    DateTimeOffset OccurredAt,
    DateTime LocalTime,
    string? VisitedNetwork,
    string? Destination);
