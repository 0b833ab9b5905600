using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>UsageRecord</c>.</summary>
public sealed class UsageRecordType : ObjectGraphType<RatedUsageRow>
{
    /// <summary>Declares the fields.</summary>
    public UsageRecordType()
    {
        Name = "UsageRecord";
        Description = "A rated usage record (TM Forum Usage) with the steps of its calculation.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<StringGraphType>>("iccid").Resolve(c => c.Source.Iccid);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("period").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("serviceType").Resolve(c => c.Source.Service.ToUpperInvariant());
        Field<NonNullGraphType<DecimalGraphType>>("quantity").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<StringGraphType>>("unit").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("occurredAt").Resolve(c => c.Source.OccurredAt);
        Field<NonNullGraphType<StringGraphType>>("productId").Resolve(c => c.Source.ProductId);
        Field<NonNullGraphType<IntGraphType>>("productVersion").Resolve(c => c.Source.ProductVersion);
        Field<NonNullGraphType<StringGraphType>>("rateUnit").Resolve(c => c.Source.RateUnit);
        Field<NonNullGraphType<DecimalGraphType>>("units").Resolve(c => c.Source.Units);
        Field<NonNullGraphType<DecimalGraphType>>("includedUnits").Resolve(c => c.Source.IncludedUnits);
        Field<NonNullGraphType<DecimalGraphType>>("billableUnits").Resolve(c => c.Source.BillableUnits);
        Field<NonNullGraphType<DecimalGraphType>>("pricePerUnit").Resolve(c => c.Source.PricePerUnit);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Description("Unrounded charge.").Resolve(c => c.Source.Amount);
        Field<NonNullGraphType<DecimalGraphType>>("roundedAmount").Resolve(c => c.Source.RoundedAmount);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<StringGraphType>>("steps").Description("How the amount was calculated.").Resolve(c => c.Source.Steps);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("ratedAt").Resolve(c => c.Source.RatedAt);
        Field<IdGraphType>("invoiceId").Resolve(c => c.Source.InvoiceId);
    }
}
