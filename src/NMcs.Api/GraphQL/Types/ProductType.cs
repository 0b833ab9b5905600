using GraphQL.Types;
using NMcs.Catalog;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Product</c>.</summary>
public sealed class ProductType : ObjectGraphType<Product>
{
    /// <summary>Declares the fields.</summary>
    public ProductType()
    {
        Name = "Product";
        Description = "One immutable version of a sellable product (TM Forum ProductOffering).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency.Code);
        Field<NonNullGraphType<DecimalGraphType>>("monthlyFee").Description("Recurring charge per monthly period.").Resolve(c => c.Source.MonthlyFee);
        Field<NonNullGraphType<DecimalGraphType>>("activationFee").Description("One-time charge on activation.").Resolve(c => c.Source.ActivationFee);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UsageChargeType>>>>("usageCharges").Resolve(c => c.Source.UsageCharges);
    }
}
