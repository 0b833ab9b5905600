using GraphQL.Types;
using NMcs.Api.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>SimImport</c>.</summary>
public sealed class ResourceSimImportType : ObjectGraphType<SimImportResult>
{
    /// <summary>Declares the fields.</summary>
    public ResourceSimImportType()
    {
        Name = "SimImport";
        Description = "The answer to importSims: one entry per data row in file order; a refused row changed nothing.";
        Field<NonNullGraphType<IntGraphType>>("accepted").Resolve(c => c.Source.Accepted);
        Field<NonNullGraphType<IntGraphType>>("unchanged").Resolve(c => c.Source.Unchanged);
        Field<NonNullGraphType<IntGraphType>>("refused").Resolve(c => c.Source.Refused);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResourceSimImportRowType>>>>("rows").Resolve(c => c.Source.Rows);
    }
}
