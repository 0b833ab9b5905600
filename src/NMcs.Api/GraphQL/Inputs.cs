using GraphQL.Types;
using NMcs.Api.GraphQL.Types;

namespace NMcs.Api.GraphQL;

/// <summary>Input <c>CreateCustomerInput</c>.</summary>
public sealed class CreateCustomerInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public CreateCustomerInputType()
    {
        Name = "CreateCustomerInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Customer id chosen by the operator, e.g. the CRM number.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("currency").Description("ISO 4217 code, e.g. EUR.");
        Field<StringGraphType>("timeZone").Description("IANA time zone, default UTC.");
        Field<StringGraphType>("taxJurisdiction").Description("Jurisdiction whose catalog tax rates apply to the invoices, e.g. DE; none: no tax.");
        Field<StringGraphType>("billingCycle").Description("The payer's billing cycle: monthly (default), monthly:15, monthly:last, quarterly, quarterly:anniversary:2026-02-10, annual, annual:anniversary:DATE, weekly:monday. Allowances and tier counters reset with it.");
    }
}

/// <summary>Input <c>CreateProductInput</c>.</summary>
public sealed class CreateProductInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public CreateProductInputType()
    {
        Name = "CreateProductInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Product id; publishing an existing id creates its next version.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("currency");
        Field<NonNullGraphType<DecimalGraphType>>("monthlyFee");
        Field<NonNullGraphType<DecimalGraphType>>("activationFee");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UsageChargeInputType>>>>("usageCharges");
    }
}

/// <summary>Input <c>UsageChargeInput</c>.</summary>
public sealed class UsageChargeInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public UsageChargeInputType()
    {
        Name = "UsageChargeInput";
        Field<NonNullGraphType<ServiceTypeGraphType>>("serviceType");
        Field<NonNullGraphType<StringGraphType>>("rateUnit").Description("B, KB, MB, GB for DATA; MSG for SMS; S or MIN for VOICE.");
        Field<NonNullGraphType<DecimalGraphType>>("pricePerUnit");
        Field<NonNullGraphType<DecimalGraphType>>("includedUnits").Description("Allowance per subscription per period, in rate units.");
    }
}

/// <summary>Input <c>RegisterSimInput</c>.</summary>
public sealed class RegisterSimInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public RegisterSimInputType()
    {
        Name = "RegisterSimInput";
        Field<NonNullGraphType<StringGraphType>>("iccid");
        Field<NonNullGraphType<StringGraphType>>("imsi");
        Field<NonNullGraphType<StringGraphType>>("msisdn");
    }
}
