using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>IngestReconciliation</c>.</summary>
public sealed class IngestReconciliationType : ObjectGraphType<IngestReconciliation>
{
    /// <summary>Declares the fields.</summary>
    public IngestReconciliationType()
    {
        Name = "IngestReconciliation";
        Description = "Ingestion totals over the batches received in [from, to): all together and per source. Reprocessing runs are their own source kind, so push and file totals count each received record once.";
        Field<DateTimeOffsetGraphType>("from").Resolve(c => c.Source.From);
        Field<DateTimeOffsetGraphType>("to").Resolve(c => c.Source.To);
        Field<NonNullGraphType<IngestTotalsType>>("total").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IngestTotalsType>>>>("sources").Resolve(c => c.Source.Sources);
    }
}
