using GraphQL;
using GraphQL.Execution;

namespace NMcs.Api.GraphQL;

/// <summary>Puts <c>field</c> next to <c>code</c> in <c>errors[].extensions</c>.</summary>
public sealed class NMcsErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeData = false, ExposeCodes = false })
{
    /// <inheritdoc />
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        ArgumentNullException.ThrowIfNull(executionError);
        var info = base.GetInfo(executionError);
        if (executionError.Data.Contains("field"))
        {
            var extensions = info.Extensions ?? new Dictionary<string, object?>();
            extensions["field"] = executionError.Data["field"];
            info.Extensions = extensions;
        }

        return info;
    }
}
