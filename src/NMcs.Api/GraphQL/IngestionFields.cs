using System.Globalization;
using GraphQL;
using GraphQL.Types;
using NMcs.Api.GraphQL.Types;
using NMcs.Api.Ingestion;
using NMcs.Storage;

namespace NMcs.Api.GraphQL;

/// <summary>Ingestion operations: the reject store, reprocessing, and reconciliation per batch and source.</summary>
internal static class IngestionFields
{
    /// <summary>Adds the queries.</summary>
    public static void RegisterQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RejectedUsageType>>>>("rejectedUsage")
            .Description("Usage records ingestion refused, oldest first; page with first/after (the last id seen).")
            .Argument<StringGraphType>("source", a => a.Description = "A network element id (anonymous while ingestion is open) or a file name.")
            .Argument<StringGraphType>("sourceKind", a => a.Description = "push or file.")
            .Argument<StringGraphType>("reasonContains", a => a.Description = "Text the reason contains (case-insensitive).")
            .Argument<StringGraphType>("simId", a => a.Description = "ICCID, IMSI or MSISDN as sent, or the resolved ICCID.")
            .Argument<RejectStatusGraphType>("status")
            .Argument<IdGraphType>("batchId")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<IdGraphType>("after")
            .ResolveAsync(async c =>
            {
                var filter = new RejectFilter(
                    c.GetArgument<string?>("source"),
                    c.GetArgument<string?>("sourceKind"),
                    c.GetArgument<string?>("reasonContains"),
                    c.GetArgument<string?>("simId"),
                    c.GetArgument<RejectStatus?>("status"),
                    c.GetArgument<string?>("batchId"));
                return await c.Service<RejectedUsageStore>().ListAsync(filter, Paging.First(c), RejectId(c.GetArgument<string?>("after"), "after"), c.CancellationToken);
            });
        query.Field<IngestBatchType>("ingestBatch")
            .Description("One batch (push request, file, reprocessing run) with its reconciliation counts.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<IngestBatchStore>().FindAsync(c.GetArgument<string>("id"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IngestBatchType>>>>("ingestBatches")
            .Description("Batches received in [from, to), oldest first; page with first/after (the last batch id seen).")
            .Argument<StringGraphType>("source")
            .Argument<DateTimeOffsetGraphType>("from")
            .Argument<DateTimeOffsetGraphType>("to")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<IdGraphType>("after")
            .ResolveAsync(async c => await c.Service<IngestBatchStore>().ListAsync(
                c.GetArgument<string?>("source"),
                c.GetArgument<DateTimeOffset?>("from"),
                c.GetArgument<DateTimeOffset?>("to"),
                Paging.First(c),
                c.GetArgument<string?>("after"),
                c.CancellationToken));
        query.Field<NonNullGraphType<IngestReconciliationType>>("ingestReconciliation")
            .Description("Ingestion totals of the batches received in [from, to), optionally of one source: received = rated + duplicate + rejected + suspended, per source and in total.")
            .Argument<StringGraphType>("source")
            .Argument<DateTimeOffsetGraphType>("from")
            .Argument<DateTimeOffsetGraphType>("to")
            .ResolveAsync(async c =>
            {
                var from = c.GetArgument<DateTimeOffset?>("from");
                var to = c.GetArgument<DateTimeOffset?>("to");
                var sources = await c.Service<IngestBatchStore>().TotalsAsync(c.GetArgument<string?>("source"), from, to, c.CancellationToken);
                return IngestReconciliation.Of(from, to, sources);
            });
    }

    /// <summary>Adds the mutations.</summary>
    public static void RegisterMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ReprocessResultType>>("reprocessRejectedUsage")
            .Description("Runs stored rejects through the ingestion pipeline again — by ids, or the rejects of a source not reprocessed successfully yet (oldest first, up to 50,000) — e.g. after their SIM was registered. A record that rates now is charged once; each reject is marked REPROCESSED or STILL_REJECTED, and the run is a batch of source kind reprocess.")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("ids")
            .Argument<StringGraphType>("source")
            .ResolveAsync(async c =>
            {
                var ids = c.GetArgument<List<string>?>("ids");
                return await c.Service<UsageIngestionPipeline>().ReprocessAsync(
                    ids?.Select(id => RejectId(id, "ids")!.Value).ToList(),
                    c.GetArgument<string?>("source"),
                    c.CancellationToken);
            });
    }

    private static long? RejectId(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new DomainException("INVALID_ARGUMENT", field, $"'{text}' is not a reject id; use the id of a rejectedUsage entry.");
    }
}
