using GraphQL.Validation;
using GraphQLParser.AST;

namespace NMcs.Api.GraphQL;

/// <summary>Refuses subscription operations sent over plain HTTP: they need the WebSocket transport.</summary>
public sealed class SubscriptionOverHttpValidationRule : ValidationRuleBase
{
    /// <summary>Error code of the refusal.</summary>
    public const string Code = "SUBSCRIPTION_OVER_HTTP";

    /// <inheritdoc />
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
        {
            if (operation.Operation == OperationType.Subscription && (ctx.Operation is null || ctx.Operation == operation))
            {
                ctx.ReportError(new ValidationError(
                    ctx.Document.Source,
                    "5.0",
                    "subscription operations need a WebSocket: open ws://<host>/graphql with the graphql-transport-ws subprotocol and send the subscription in a 'subscribe' message (docs/api.md).",
                    operation)
                { Code = Code });
            }
        }));
}
