namespace NMcs.Mediation;

/// <summary>
/// One usage record as a collector (CSV file, 3GPP CDR file) hands it to the normalisation pipeline, before the SIM
/// is resolved. Quantities are as the source sent them; the pipeline converts units and enriches.
/// </summary>
/// <param name="RecordId">Unique, stable id of the record: the same source record always yields the same id, so a
/// re-read file de-duplicates. For 3GPP CDRs: nodeID + chargingID + recordSequenceNumber (+ rating group).</param>
/// <param name="SimField">Which identifier names the SIM: iccid, imsi or msisdn.</param>
/// <param name="SimId">The identifier's value.</param>
/// <param name="Timestamp">Start of the usage, UTC.</param>
/// <param name="Service">Service code: DATA, SMS, VOICE or a product's custom service.</param>
/// <param name="Quantity">Quantity in <paramref name="Unit"/>.</param>
/// <param name="Unit">Unit, upper case (e.g. BYTES, SECONDS, EVENTS, KWH).</param>
/// <param name="DurationSeconds">Session length when known.</param>
/// <param name="Destination">Called or messaged number, when any.</param>
/// <param name="VisitedNetwork">MCC-MNC of the visited network (e.g. 234-15) when roaming.</param>
/// <param name="Source">Where it came from, for rejects: file name and line or record number.</param>
public sealed record MediatedUsage(
    string RecordId,
    string SimField,
    string SimId,
    DateTimeOffset Timestamp,
    string Service,
    decimal Quantity,
    string Unit,
    double? DurationSeconds,
    string? Destination,
    string? VisitedNetwork,
    RecordSource Source);

/// <summary>Position of a record in its source.</summary>
/// <param name="Name">File name, or batch id for pushed records.</param>
/// <param name="Position">1-based line (CSV), record number in the file (CDR), or 0-based index in a batch.</param>
public sealed record RecordSource(string Name, long Position)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}#{Position}";
}

/// <summary>A source record that could not be turned into usage, with the reason and where it was.</summary>
/// <param name="Source">File and line / record number.</param>
/// <param name="Field">The offending field, or "record".</param>
/// <param name="Reason">What is wrong and how to fix it.</param>
/// <param name="Raw">The raw text (CSV line) or a hex prefix of the bytes, for the reject store.</param>
public sealed record SourceReject(RecordSource Source, string Field, string Reason, string? Raw);
