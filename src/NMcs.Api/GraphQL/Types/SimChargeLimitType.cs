using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>SimChargeLimit</c>: one SIM's limit on a cycle's usage charges.</summary>
public sealed class SimChargeLimitType : ObjectGraphType<KeyValuePair<string, decimal>>
{
    /// <summary>Declares the fields.</summary>
    public SimChargeLimitType()
    {
        Name = "SimChargeLimit";
        Description = "A limit on one SIM's usage charges per billing cycle, in the account's currency.";
        Field<NonNullGraphType<StringGraphType>>("iccid").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Resolve(c => c.Source.Value);
    }
}
