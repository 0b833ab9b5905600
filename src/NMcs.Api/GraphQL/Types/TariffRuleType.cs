using GraphQL.Types;
using NMcs.Plugins;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>TariffRule</c>.</summary>
public sealed class TariffRuleType : ObjectGraphType<RuleVersionInfo>
{
    /// <summary>Declares the fields.</summary>
    public TariffRuleType()
    {
        Name = "TariffRule";
        Description = "A deployed version of a C# tariff rule plugin (docs/plugins.md).";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<StringGraphType>>("sha256").Resolve(c => c.Source.Sha256);
        Field<NonNullGraphType<StringGraphType>>("fileName").Resolve(c => c.Source.FileName);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("deployedAt").Resolve(c => c.Source.DeployedAt);
    }
}
