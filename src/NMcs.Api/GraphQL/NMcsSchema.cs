using GraphQL.Types;

namespace NMcs.Api.GraphQL;

/// <summary>The N-MCS GraphQL schema.</summary>
public sealed class NMcsSchema : Schema
{
    /// <summary>Creates the schema.</summary>
    public NMcsSchema(IServiceProvider services, NMcsQuery query, NMcsMutation mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Description = "N-MCS: M2M/IoT connectivity management, rating and billing.";
    }
}
