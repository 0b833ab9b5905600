namespace NMcs.Simulators.Hss;

/// <summary>The <c>error</c> attribute values of SPML 2.0 (the core schema's <c>ErrorCode</c> type).</summary>
internal static class SpmlErrorCode
{
    /// <summary>The request is not well formed for this provider (missing or bad element or value).</summary>
    public const string MalformedRequest = "malformedRequest";

    /// <summary>The operation or mode is not supported.</summary>
    public const string UnsupportedOperation = "unsupportedOperation";

    /// <summary>No object with that psoID.</summary>
    public const string NoSuchIdentifier = "noSuchIdentifier";

    /// <summary>A provider-specific failure (also the default of an injected error).</summary>
    public const string CustomError = "customError";

    /// <summary>The execution mode is not supported here (asynchronous inside a batch).</summary>
    public const string UnsupportedExecutionMode = "unsupportedExecutionMode";

    /// <summary>No asynchronous request with that id.</summary>
    public const string NoSuchRequest = "noSuchRequest";

    /// <summary>The psoID is not an MSISDN.</summary>
    public const string InvalidIdentifier = "invalidIdentifier";

    /// <summary>The MSISDN, or the IMSI, is already in use.</summary>
    public const string AlreadyExists = "alreadyExists";

    /// <summary>All fourteen values of the schema, in its order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        MalformedRequest, UnsupportedOperation, "unsupportedIdentifierType", NoSuchIdentifier, CustomError,
        UnsupportedExecutionMode, "invalidContainment", NoSuchRequest, "unsupportedSelectionType", "resultSetTooLarge",
        "unsupportedProfile", InvalidIdentifier, AlreadyExists, "containerNotEmpty",
    ];

    /// <summary>Whether a value is one of the schema's error codes (case-sensitive, as in XML).</summary>
    /// <param name="code">Candidate.</param>
    /// <returns>True when known.</returns>
    public static bool IsKnown(string code) => All.Contains(code, StringComparer.Ordinal);
}
