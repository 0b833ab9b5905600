using GraphQL.Types;
using NMcs.Catalog.Model;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>UsageCharge</c>.</summary>
public sealed class UsageChargeType : ObjectGraphType<UsageCharge>
{
    /// <summary>Declares the fields.</summary>
    public UsageChargeType()
    {
        Name = "UsageCharge";
        Description = "The price of one service's usage; the full definition is in the product document.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("serviceType").Resolve(c => c.Source.Service);
        Field<NonNullGraphType<StringGraphType>>("rateUnit").Resolve(c => c.Source.RateUnit);
        Field<NonNullGraphType<StringGraphType>>("model").Description("perUnit, graduated, volume, block, flatPerTier or percentage.")
            .Resolve(c => char.ToLowerInvariant(c.Source.Model.ToString()[0]) + c.Source.Model.ToString()[1..]);
        Field<DecimalGraphType>("pricePerUnit").Description("Price per rate unit for per-unit charges.").Resolve(c => c.Source.Price);
        Field<NonNullGraphType<DecimalGraphType>>("connectFee").Resolve(c => c.Source.ConnectFee);
    }
}
