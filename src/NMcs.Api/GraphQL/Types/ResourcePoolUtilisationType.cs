using System.Globalization;
using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>PoolUtilisation</c>.</summary>
public sealed class ResourcePoolUtilisationType : ObjectGraphType<PoolUtilisation>
{
    /// <summary>Declares the fields.</summary>
    public ResourcePoolUtilisationType()
    {
        Name = "PoolUtilisation";
        Description = "How much of a pool is in use. Lapsed reservations count as free. size and free are decimal strings: an IPv6 pool holds up to 2^128 addresses, beyond what a JSON number carries exactly.";
        Field<NonNullGraphType<ResourceKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<IdGraphType>("customerId").Description("The customer the pool is dedicated to; null for a shared pool.").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<StringGraphType>>("size").Description("Numbers, or usable addresses, in the pool (decimal digits).").Resolve(c => c.Source.Size.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("free").Description("size − reserved − assigned (decimal digits).").Resolve(c => c.Source.Free.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<LongGraphType>>("reserved").Resolve(c => c.Source.Reserved);
        Field<NonNullGraphType<LongGraphType>>("assigned").Resolve(c => c.Source.Assigned);
        Field<NonNullGraphType<DecimalGraphType>>("percent").Description("(reserved + assigned) / size × 100, rounded down to 12 decimals.").Resolve(c => c.Source.Percent);
    }
}
