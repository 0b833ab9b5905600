using GraphQL.Types;
using NMcs.Catalog.Model;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Allowance</c>.</summary>
public sealed class AllowanceType : ObjectGraphType<Allowance>
{
    /// <summary>Declares the fields.</summary>
    public AllowanceType()
    {
        Name = "Allowance";
        Description = "An included quantity per billing cycle, per subscription or pooled across the account.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("serviceType").Resolve(c => c.Source.Service);
        Field<NonNullGraphType<DecimalGraphType>>("quantity").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<StringGraphType>>("unit").Resolve(c => c.Source.Unit);
        Field<ListGraphType<NonNullGraphType<DecimalGraphType>>>("notifyAtPercent")
            .Description("Percentages of quantity that raise a threshold event; null: the platform default (NMcs:Thresholds:AllowancePercents).")
            .Resolve(c => c.Source.NotifyAtPercent);
        Field<NonNullGraphType<StringGraphType>>("scope").Description("subscription or account (pooled).").Resolve(c => c.Source.Scope.ToString().ToLowerInvariant());
    }
}
