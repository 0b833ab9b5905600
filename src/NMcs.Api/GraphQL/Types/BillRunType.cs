using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>BillRun</c>.</summary>
public sealed class BillRunType : ObjectGraphType<BillRunRecord>
{
    /// <summary>Declares the fields.</summary>
    public BillRunType()
    {
        Name = "BillRun";
        Description = "A bill run over one payer, a cycle group or all payers: each payer's last ended period is closed into its invoice.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.RunId);
        Field<NonNullGraphType<StringGraphType>>("scope").Description("all, cycle:<billing cycle> or payer:<account>@<billing cycle>.").Resolve(c => c.Source.Scope);
        Field<NonNullGraphType<StringGraphType>>("status").Description("running, completed or completedWithErrors.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("finishedAt").Resolve(c => c.Source.FinishedAt);
        Field<NonNullGraphType<IntGraphType>>("payers").Resolve(c => c.Source.Payers);
        Field<NonNullGraphType<IntGraphType>>("invoiced").Description("Payers whose period is invoiced (by this run or already before).").Resolve(c => c.Source.Invoiced);
        Field<NonNullGraphType<IntGraphType>>("skipped").Description("Payers created after the period ended: nothing to bill.").Resolve(c => c.Source.Skipped);
        Field<NonNullGraphType<IntGraphType>>("failed").Resolve(c => c.Source.Failed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("failures").Description("One line per failed payer: account and reason.")
            .Resolve(c => c.Source.Report.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
