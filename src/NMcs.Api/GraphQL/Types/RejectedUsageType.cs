using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>RejectedUsage</c>.</summary>
public sealed class RejectedUsageType : ObjectGraphType<RejectedUsage>
{
    /// <summary>Declares the fields.</summary>
    public RejectedUsageType()
    {
        Name = "RejectedUsage";
        Description = "A usage record ingestion refused, kept with its source, position, field, reason and raw text until it is reprocessed.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The reject's id, for reprocessRejectedUsage(ids).").Resolve(c => c.Source.Id);
        Field<IdGraphType>("recordId").Description("The record's id when it could be read.").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<StringGraphType>>("sourceKind").Description("push or file.").Resolve(c => c.Source.SourceKind);
        Field<NonNullGraphType<StringGraphType>>("source").Description("The network element id (push; anonymous while ingestion is open) or the file name.").Resolve(c => c.Source.SourceName);
        Field<NonNullGraphType<IdGraphType>>("batchId").Description("The batch it was last refused in.").Resolve(c => c.Source.BatchId);
        Field<NonNullGraphType<LongGraphType>>("position").Description("0-based index in a pushed batch; line (CSV) or record number (CDR) in a file.").Resolve(c => c.Source.Position);
        Field<StringGraphType>("field").Description("The field at fault.").Resolve(c => c.Source.Field);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("What is wrong and how to fix it (of the last attempt).").Resolve(c => c.Source.Reason);
        Field<StringGraphType>("raw").Description("The record as the source sent it.").Resolve(c => c.Source.Raw);
        Field<StringGraphType>("simField").Description("iccid, imsi or msisdn: how the record named its SIM.").Resolve(c => c.Source.SimField);
        Field<StringGraphType>("simId").Description("The SIM identifier as sent.").Resolve(c => c.Source.SimId);
        Field<StringGraphType>("iccid").Description("The SIM's ICCID when the identifier names a registered SIM.").Resolve(c => c.Source.Iccid);
        Field<NonNullGraphType<RejectStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<LongGraphType>>("timesSeen").Description("How often it was refused; a re-sent batch counts again but is stored once.").Resolve(c => c.Source.TimesSeen);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("firstSeenAt").Resolve(c => c.Source.FirstSeenAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("lastSeenAt").Resolve(c => c.Source.LastSeenAt);
        Field<DateTimeOffsetGraphType>("reprocessedAt").Resolve(c => c.Source.ReprocessedAt);
        Field<IdGraphType>("reprocessBatchId").Description("The reprocessing batch of the last attempt.").Resolve(c => c.Source.ReprocessBatchId);
        Field<StringGraphType>("outcome").Description("Of the last reprocessing: rated, duplicate, suspended or rejected.").Resolve(c => c.Source.Outcome);
    }
}
