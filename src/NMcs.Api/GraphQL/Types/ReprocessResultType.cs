using GraphQL.Types;
using NMcs.Api.Ingestion;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>ReprocessResult</c>.</summary>
public sealed class ReprocessResultType : ObjectGraphType<ReprocessResult>
{
    /// <summary>Declares the fields.</summary>
    public ReprocessResultType()
    {
        Name = "ReprocessResult";
        Description = "What a reprocessing run did: the run as a batch and the rejects it took, as they stand now.";
        Field<NonNullGraphType<IngestBatchType>>("batch").Resolve(c => c.Source.Batch);
        Field<NonNullGraphType<IntGraphType>>("reprocessed").Description("Rejects accepted now (rated, duplicate or suspended).")
            .Resolve(c => c.Source.Rejects.Count(r => r.Status == RejectStatus.Reprocessed && r.ReprocessBatchId == c.Source.Batch.BatchId));
        Field<NonNullGraphType<IntGraphType>>("stillRejected").Description("Rejects refused again.")
            .Resolve(c => c.Source.Rejects.Count(r => r.Status == RejectStatus.StillRejected));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RejectedUsageType>>>>("rejects").Resolve(c => c.Source.Rejects);
    }
}
