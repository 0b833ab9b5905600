using GraphQL.Types;

namespace NMcs.Api.GraphQL;

/// <summary>The N-MCS GraphQL schema.</summary>
public sealed class NMcsSchema : Schema
{
    /// <summary>Creates the schema.</summary>
    public NMcsSchema(IServiceProvider services, NMcsQuery query, NMcsMutation mutation, NMcsSubscription subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        Description = "N-MCS: M2M/IoT connectivity management, rating and billing.";
    }
}
