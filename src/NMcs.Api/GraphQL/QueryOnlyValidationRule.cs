using GraphQL.Validation;
using GraphQLParser.AST;

namespace NMcs.Api.GraphQL;

/// <summary>Refuses mutations (and subscriptions) sent with HTTP GET.</summary>
public sealed class QueryOnlyValidationRule : ValidationRuleBase
{
    /// <summary>Error code of the refusal.</summary>
    public const string Code = "MUTATION_OVER_GET";

    /// <inheritdoc />
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
        {
            if (operation.Operation != OperationType.Query && (ctx.Operation is null || ctx.Operation == operation))
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, "5.0", $"{operation.Operation.ToString().ToLowerInvariant()} operations must use POST, not GET.", operation) { Code = Code });
            }
        }));
}
