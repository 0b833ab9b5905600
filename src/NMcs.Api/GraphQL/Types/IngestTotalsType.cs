using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>IngestTotals</c>.</summary>
public sealed class IngestTotalsType : ObjectGraphType<IngestTotals>
{
    /// <summary>Declares the fields.</summary>
    public IngestTotalsType()
    {
        Name = "IngestTotals";
        Description = "Reconciliation totals of a source's batches (or of all sources): received = rated + duplicate + rejected + suspended.";
        Field<StringGraphType>("sourceKind").Description("push, file or reprocess; null for the sum over all.").Resolve(c => c.Source.SourceKind);
        Field<StringGraphType>("source").Description("The source; null for the sum over all.").Resolve(c => c.Source.SourceName);
        Field<NonNullGraphType<LongGraphType>>("batches").Resolve(c => c.Source.Batches);
        Field<NonNullGraphType<LongGraphType>>("received").Resolve(c => c.Source.Received);
        Field<NonNullGraphType<LongGraphType>>("rated").Resolve(c => c.Source.Rated);
        Field<NonNullGraphType<LongGraphType>>("duplicate").Resolve(c => c.Source.Duplicate);
        Field<NonNullGraphType<LongGraphType>>("rejected").Resolve(c => c.Source.Rejected);
        Field<NonNullGraphType<LongGraphType>>("suspended").Resolve(c => c.Source.Suspended);
        Field<NonNullGraphType<LongGraphType>>("unaccounted").Description("received - rated - duplicate - rejected - suspended: 0 when the books balance.").Resolve(c => c.Source.Unaccounted);
    }
}
