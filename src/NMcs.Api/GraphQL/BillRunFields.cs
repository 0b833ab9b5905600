using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions.Grains;
using NMcs.Api.GraphQL.Types;
using NMcs.Grains.BillRuns;
using NMcs.Storage;

namespace NMcs.Api.GraphQL;

/// <summary>Bill runs: start one on demand, follow it, and trigger the schedule.</summary>
internal static class BillRunFields
{
    /// <summary>Adds the mutations.</summary>
    public static void RegisterMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<BillRunType>>("startBillRun")
            .Description("Starts a bill run for one payer, a cycle group (every payer on a billing cycle) or all payers: each payer's last ended period is closed into its invoice. Refused while a running run covers any of the same payers. A run interrupted by a restart resumes at start-up; invoices are issued exactly once.")
            .Argument<IdGraphType>("payerAccountId")
            .Argument<StringGraphType>("billingCycle", a => a.Description = "A cycle group, e.g. monthly or monthly:15.")
            .Argument<BooleanGraphType>("all", a => a.DefaultValue = false)
            .Argument<BooleanGraphType>("wait", a =>
            {
                a.Description = "true: answer when the run has finished (small runs, tests); false (default): answer at once with the running run.";
                a.DefaultValue = false;
            })
            .ResolveAsync(async c =>
            {
                var runner = c.Service<BillRunner>();
                var run = await runner.StartAsync(c.GetArgument<string?>("payerAccountId"), c.GetArgument<string?>("billingCycle"), c.GetArgument<bool>("all"), c.CancellationToken);
                return c.GetArgument<bool>("wait") ? await runner.WaitAsync(run.RunId, c.CancellationToken) ?? run : run;
            });
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("runBillingSchedule")
            .Description("Does now what the bill-run reminder does every minute: starts a run for each cycle group whose last ended period has not been run yet. Returns the runs started.")
            .ResolveAsync(async c => await c.Grains().GetGrain<IBillingSchedulerGrain>("scheduler").Tick());
    }

    /// <summary>Adds the queries.</summary>
    public static void RegisterQueries(ObjectGraphType query)
    {
        query.Field<BillRunType>("billRun")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<BillRunStore>().FindAsync(c.GetArgument<string>("id"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<BillRunType>>>>("billRuns")
            .Description("The latest bill runs, newest first.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .ResolveAsync(async c => await c.Service<BillRunStore>().ListAsync(Paging.First(c), c.CancellationToken));
    }
}
