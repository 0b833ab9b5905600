using GraphQL.Types;
using NMcs.Api.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>SimImportRow</c>.</summary>
public sealed class ResourceSimImportRowType : ObjectGraphType<SimImportRow>
{
    /// <summary>Declares the fields.</summary>
    public ResourceSimImportRowType()
    {
        Name = "SimImportRow";
        Description = "The answer for one data row of importSims.";
        Field<NonNullGraphType<IntGraphType>>("row").Description("Line number in the file; the header is line 1.").Resolve(c => c.Source.Row);
        Field<NonNullGraphType<StringGraphType>>("iccid").Description("The row's ICCID as written.").Resolve(c => c.Source.Iccid);
        Field<NonNullGraphType<ResourceSimImportOutcomeGraphType>>("outcome").Resolve(c => c.Source.Outcome);
        Field<StringGraphType>("msisdn").Description("The SIM's MSISDN, taken from msisdnPool when the column was empty.").Resolve(c => c.Source.Msisdn);
        Field<StringGraphType>("code").Description("Why the row was refused, e.g. INVALID_ICCID.").Resolve(c => c.Source.Code);
        Field<StringGraphType>("field").Description("The column at fault.").Resolve(c => c.Source.Field);
        Field<StringGraphType>("message").Description("What is wrong and how to fix it.").Resolve(c => c.Source.Message);
    }
}
