using GraphQL;
using GraphQL.Types;
using NMcs.Api.GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL;

/// <summary>The CDR file collector's imports.</summary>
internal static class FileImportFields
{
    /// <summary>Adds the queries.</summary>
    public static void RegisterQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<FileImportType>>>>("fileImports")
            .Description("CDR files taken by the collector, newest first.")
            .Argument<StringGraphType>("status", a => a.Description = "importing, archived or quarantined.")
            .Argument<StringGraphType>("fileName")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async c =>
            {
                var status = c.GetArgument<string?>("status");
                if (status is not (null or "importing" or "archived" or "quarantined"))
                {
                    throw new DomainException("INVALID_ARGUMENT", "status", $"status '{status}' is not one of importing, archived, quarantined.");
                }

                return await c.Service<FileImportStore>().ListAsync(status, c.GetArgument<string?>("fileName"), Paging.First(c), c.CancellationToken);
            });
    }
}
