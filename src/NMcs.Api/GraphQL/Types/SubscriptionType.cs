using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Subscription</c>.</summary>
public sealed class SubscriptionType : ObjectGraphType<SubscriptionInfo>
{
    /// <summary>Declares the fields.</summary>
    public SubscriptionType()
    {
        Name = "Subscription";
        Description = "A SIM activated on a product version for a payer account.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("iccid").Resolve(c => c.Source.Iccid);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("productId").Resolve(c => c.Source.ProductId);
        Field<NonNullGraphType<IntGraphType>>("productVersion").Resolve(c => c.Source.ProductVersion);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("activatedAt").Resolve(c => c.Source.ActivatedAt);
        Field<DateTimeOffsetGraphType>("endedAt").Description("When the subscription ended (termination or plan change); a future instant for a plan change at the next cycle.").Resolve(c => c.Source.EndedAt);
        Field<StringGraphType>("endReason").Description("Terminated or PlanChanged.").Resolve(c => c.Source.EndReason?.ToString());
        Field<ProductType>("product")
            .ResolveAsync(async c => await c.Service<ProductCatalog>().FindAsync(c.Source.ProductId, c.Source.ProductVersion, c.CancellationToken));
    }
}
