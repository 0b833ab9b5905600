using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Api.GraphQL.Types;
using NMcs.Identifiers;

namespace NMcs.Api.GraphQL;

/// <summary>Mutations of the account hierarchy and of a subscription's life (suspension, termination, plan change).</summary>
internal static class AccountMutations
{
    /// <summary>Adds the fields to the mutation root.</summary>
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AccountType>>("openAccount")
            .Description("Opens a non-paying child (subscriber) account under the customer's payer account: its SIMs' charges appear in their own section of the payer's invoice.")
            .Argument<NonNullGraphType<IdGraphType>>("customerId")
            .Argument<NonNullGraphType<IdGraphType>>("accountId", a => a.Description = "Id of the new account, 1 to 64 characters without ':'.")
            .ResolveAsync(async c => await c.Grains().GetGrain<ICustomerGrain>(c.GetArgument<string>("customerId")).OpenAccount(c.GetArgument<string>("accountId")));
        mutation.Field<NonNullGraphType<SimType>>("suspendSim")
            .Description("Suspends an active SIM's subscription from now; recurring charges follow the product's suspension policy.")
            .Argument<NonNullGraphType<StringGraphType>>("iccid")
            .ResolveAsync(async c => await SimOrderAsync(c, OrderKind.Suspend));
        mutation.Field<NonNullGraphType<SimType>>("resumeSim")
            .Description("Resumes a suspended SIM's subscription from now.")
            .Argument<NonNullGraphType<StringGraphType>>("iccid")
            .ResolveAsync(async c => await SimOrderAsync(c, OrderKind.Resume));
        mutation.Field<NonNullGraphType<SimType>>("terminateSim")
            .Description("Ends an active or suspended SIM's subscription now; the next invoice carries the final prorated charges, credits for days billed in advance, and termination fees.")
            .Argument<NonNullGraphType<StringGraphType>>("iccid")
            .ResolveAsync(async c => await SimOrderAsync(c, OrderKind.Terminate));
        mutation.Field<NonNullGraphType<SimType>>("changePlan")
            .Description("Moves an active SIM to another product now, or at the start of the payer's next billing cycle: credit for the unused days of the old plan, charge for the new one, and the new product's plan-change fee.")
            .Argument<NonNullGraphType<StringGraphType>>("iccid")
            .Argument<NonNullGraphType<IdGraphType>>("productId")
            .Argument<IntGraphType>("productVersion", a => a.Description = "A published version; the one in force when the change takes effect when omitted.")
            .Argument<BooleanGraphType>("atNextCycle", a =>
            {
                a.Description = "true: take effect at the start of the next billing cycle; false (default): now.";
                a.DefaultValue = false;
            })
            .ResolveAsync(async c => await SimOrderAsync(c, OrderKind.ChangePlan, c.GetArgument<string>("productId"), c.GetArgument<int?>("productVersion"), c.GetArgument<bool>("atNextCycle")));
    }

    /// <summary>The SIM mutations are one-item orders run to their end (docs/orders.md).</summary>
    private static Task<SimInfo> SimOrderAsync(IResolveFieldContext c, OrderKind kind, string? productId = null, int? productVersion = null, bool atNextCycle = false) =>
        OrderFields.RunSimOrderAsync(c, new OrderItemRequest("1", kind, SimIdentifiers.ValidateIccid(c.GetArgument<string>("iccid")), productId, productVersion, atNextCycle));
}
