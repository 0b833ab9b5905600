using GraphQL.Types;
using NMcs.Catalog.Model;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Product</c>.</summary>
public sealed class ProductType : ObjectGraphType<ProductOffering>
{
    /// <summary>Declares the fields.</summary>
    public ProductType()
    {
        Name = "Product";
        Description = "One version of a sellable product (TM Forum ProductOffering); immutable once published.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("status").Description("draft, published or retired.").Resolve(c => c.Source.Status.ToString().ToLowerInvariant());
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("validFrom").Resolve(c => c.Source.ValidFrom);
        Field<DateTimeOffsetGraphType>("validTo").Resolve(c => c.Source.ValidTo);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency.Code);
        Field<NonNullGraphType<DecimalGraphType>>("monthlyFee").Description("Sum of the monthly recurring charges.")
            .Resolve(c => c.Source.RecurringCharges.Where(r => r.Period == ChargePeriod.Monthly).Sum(r => r.Price));
        Field<NonNullGraphType<DecimalGraphType>>("activationFee").Description("Sum of the one-time charges on activation.")
            .Resolve(c => c.Source.OneTimeCharges.Where(o => o.Trigger == OneTimeTrigger.Activation).Sum(o => o.Price));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UsageChargeType>>>>("usageCharges").Resolve(c => c.Source.UsageCharges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AllowanceType>>>>("allowances").Resolve(c => c.Source.Allowances);
        Field<NonNullGraphType<StringGraphType>>("document").Description("The version as a catalog document (JSON, see docs/catalog.md).")
            .Resolve(c => ProductCatalog.ToDocument(c.Source));
    }
}
