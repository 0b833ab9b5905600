using NMcs.Abstractions.Contracts;

namespace NMcs.Api.Ingestion;

/// <summary>The pipeline's answer for one batch (or one part of a file), after every accepted record is committed.</summary>
/// <param name="Source">The batch's source.</param>
/// <param name="Outcomes">One outcome per candidate, in the order handed in.</param>
public sealed record IngestBatchResult(IngestSource Source, IReadOnlyList<IngestRecordOutcome> Outcomes)
{
    /// <summary>Records handed in.</summary>
    public int Received => Outcomes.Count;

    /// <summary>Records rated now.</summary>
    public int Rated => Count(UsageOutcomeStatus.Rated);

    /// <summary>Records accepted before (same record id); not charged again.</summary>
    public int Duplicate => Count(UsageOutcomeStatus.Duplicate);

    /// <summary>Records refused; each is in the reject store.</summary>
    public int Rejected => Count(UsageOutcomeStatus.Rejected);

    /// <summary>Records accepted but waiting for a working tariff rule.</summary>
    public int Suspended => Count(UsageOutcomeStatus.Suspended);

    private int Count(UsageOutcomeStatus status) => Outcomes.Count(o => o.Status == status);
}
