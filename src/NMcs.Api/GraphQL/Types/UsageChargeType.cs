using GraphQL.Types;
using NMcs.Catalog;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>UsageCharge</c>.</summary>
public sealed class UsageChargeType : ObjectGraphType<UsageCharge>
{
    /// <summary>Declares the fields.</summary>
    public UsageChargeType()
    {
        Name = "UsageCharge";
        Description = "Price per rate unit of one service after the included allowance.";
        Field<NonNullGraphType<ServiceTypeGraphType>>("serviceType").Resolve(c => c.Source.Service);
        Field<NonNullGraphType<StringGraphType>>("rateUnit").Resolve(c => c.Source.RateUnit);
        Field<NonNullGraphType<DecimalGraphType>>("pricePerUnit").Resolve(c => c.Source.PricePerUnit);
        Field<NonNullGraphType<DecimalGraphType>>("includedUnits").Description("Allowance per subscription per billing period, in rate units.").Resolve(c => c.Source.IncludedUnits);
    }
}
