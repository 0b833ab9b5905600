using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>IngestBatch</c>.</summary>
public sealed class IngestBatchType : ObjectGraphType<IngestBatch>
{
    /// <summary>Declares the fields.</summary>
    public IngestBatchType()
    {
        Name = "IngestBatch";
        Description = "One batch through ingestion (a push request, a file, a reprocessing run) and what became of its records: received = rated + duplicate + rejected + suspended.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.BatchId);
        Field<NonNullGraphType<StringGraphType>>("sourceKind").Description("push, file or reprocess.").Resolve(c => c.Source.SourceKind);
        Field<NonNullGraphType<StringGraphType>>("source").Description("The network element id, the file name, or what was reprocessed (a source, or ids).").Resolve(c => c.Source.SourceName);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("receivedAt").Resolve(c => c.Source.ReceivedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("updatedAt").Description("When its last part arrived (files are handed over in parts).").Resolve(c => c.Source.UpdatedAt);
        Field<NonNullGraphType<LongGraphType>>("received").Resolve(c => c.Source.Received);
        Field<NonNullGraphType<LongGraphType>>("rated").Resolve(c => c.Source.Rated);
        Field<NonNullGraphType<LongGraphType>>("duplicate").Resolve(c => c.Source.Duplicate);
        Field<NonNullGraphType<LongGraphType>>("rejected").Resolve(c => c.Source.Rejected);
        Field<NonNullGraphType<LongGraphType>>("suspended").Description("Accepted but waiting for a working tariff rule; rated later, counted here once.").Resolve(c => c.Source.Suspended);
    }
}
