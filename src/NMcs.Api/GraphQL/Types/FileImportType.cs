using GraphQL.Types;
using NMcs.Api.Collection;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>FileImport</c>.</summary>
public sealed class FileImportType : ObjectGraphType<FileImportRecord>
{
    /// <summary>Declares the fields.</summary>
    public FileImportType()
    {
        Name = "FileImport";
        Description = "A CDR file taken by the collector: how far it got and what became of its records (received = rated + rejected + duplicates + suspended).";
        Field<NonNullGraphType<StringGraphType>>("fileName").Resolve(c => c.Source.FileName);
        Field<NonNullGraphType<StringGraphType>>("sha256").Description("Content hash: the same name with other content is another import.").Resolve(c => c.Source.Sha256);
        Field<NonNullGraphType<StringGraphType>>("format").Description("The CSV source or 3GPP format that read it ('none' when no format took the name).").Resolve(c => c.Source.Format);
        Field<NonNullGraphType<StringGraphType>>("status").Description("importing, archived or quarantined.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<LongGraphType>>("position").Description("Records committed so far: a resumed import continues after this one.").Resolve(c => c.Source.Position);
        Field<NonNullGraphType<LongGraphType>>("received").Resolve(c => c.Source.Counts.Received);
        Field<NonNullGraphType<LongGraphType>>("rated").Resolve(c => c.Source.Counts.Rated);
        Field<NonNullGraphType<LongGraphType>>("rejected").Resolve(c => c.Source.Counts.Rejected);
        Field<NonNullGraphType<LongGraphType>>("duplicates").Resolve(c => c.Source.Counts.Duplicates);
        Field<NonNullGraphType<LongGraphType>>("suspended").Resolve(c => c.Source.Counts.Suspended);
        Field<NonNullGraphType<IdGraphType>>("batchId").Description("Its reconciliation batch (ingestBatch) and the batch of its rejects (rejectedUsage).").Resolve(c => CdrFileCollector.BatchId(c.Source.Sha256));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("finishedAt").Resolve(c => c.Source.FinishedAt);
        Field<NonNullGraphType<StringGraphType>>("report").Description("The reconciliation line, or why the file was quarantined and what to fix.").Resolve(c => c.Source.Report);
    }
}
