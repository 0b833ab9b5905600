namespace NMcs.Rating.Engine;

/// <summary>A usage record ready for rating, quantity already in the service's base unit.</summary>
/// <param name="Id">Network element's unique record id.</param>
/// <param name="Service">Service code: DATA, SMS, VOICE or a custom service of the product, e.g. METER.</param>
/// <param name="Quantity">Quantity in base units (bytes, messages, seconds, custom base units such as WH).</param>
/// <param name="Start">When the usage started.</param>
/// <param name="Duration">
/// How long the session lasted, used to split it across time-band boundaries in proportion to time. Null for an
/// instant event; a VOICE record without one lasts its quantity in seconds.
/// </param>
/// <param name="Destination">Called or messaged number in international format ("+49…" or "49…"), when the service has one.</param>
/// <param name="VisitedNetwork">MCC-MNC of the visited network when roaming, e.g. "234-15"; null at home.</param>
public sealed record UsageRecord(
    string Id,
    string Service,
    decimal Quantity,
    DateTimeOffset Start,
    TimeSpan? Duration = null,
    string? Destination = null,
    string? VisitedNetwork = null);
