using System.Text.Json.Serialization;

namespace NMcs.Api.Ingestion;

/// <summary>The answer to one ingestion batch.</summary>
/// <param name="Received">Records in the batch.</param>
/// <param name="Accepted">Records rated now.</param>
/// <param name="Duplicate">Records whose id was accepted before; not charged again.</param>
/// <param name="Rejected">Records refused; nothing charged. Each is kept in the reject store.</param>
/// <param name="Rejections">Each refused record with its index, field and reason.</param>
/// <param name="Suspended">Records accepted but waiting for a working tariff rule; rated when one is deployed.</param>
/// <param name="BatchId">The batch's id, for <c>ingestBatch(id)</c> and <c>rejectedUsage</c>.</param>
/// <param name="Source">The batch's source: the network element id, or <c>anonymous</c> while ingestion is open.</param>
public sealed record IngestResponse(int Received, int Accepted, int Duplicate, int Rejected, IReadOnlyList<IngestRejection> Rejections, int Suspended, string BatchId, string Source);

/// <summary>One refused record.</summary>
/// <param name="Index">0-based position in the batch (among the records of an NDJSON body; blank lines are not counted).</param>
/// <param name="RecordId">Record id when it could be read.</param>
/// <param name="Field">Field at fault.</param>
/// <param name="Reason">What is wrong and how to fix it.</param>
/// <param name="Line">1-based line of an NDJSON body.</param>
public sealed record IngestRejection(
    int Index,
    string? RecordId,
    string? Field,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Line = null);
