using GraphQL;
using GraphQL.Instrumentation;

namespace NMcs.Api.GraphQL;

/// <summary>
/// Turns a <see cref="DomainException"/> from any resolver (or from a grain behind it) into a GraphQL error whose
/// <c>extensions.code</c> is the domain code and <c>extensions.field</c> names the input to fix.
/// </summary>
public sealed class DomainErrorMiddleware : IFieldMiddleware
{
    /// <inheritdoc />
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (DomainException e)
        {
            throw ToExecutionError(e);
        }
    }

    /// <summary>The GraphQL error for a domain refusal.</summary>
    public static ExecutionError ToExecutionError(DomainException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var error = new ExecutionError(e.Message) { Code = e.Code };
        if (e.Field is not null)
        {
            error.Data["field"] = e.Field;
        }

        return error;
    }
}
