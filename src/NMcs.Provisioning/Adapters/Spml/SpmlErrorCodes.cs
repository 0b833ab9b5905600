namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>
/// The SPML 2.0 <c>error</c> values as numbers for <see cref="Contracts.NeReply.Code"/>: the 1-based position in the
/// core schema's <c>ErrorCode</c> enumeration (malformedRequest = 1 … containerNotEmpty = 14); 0 is success.
/// </summary>
public static class SpmlErrorCodes
{
    /// <summary>The request is not well formed for the element.</summary>
    public const int MalformedRequest = 1;

    /// <summary>The operation is not supported.</summary>
    public const int UnsupportedOperation = 2;

    /// <summary>No object with that psoID (MSISDN).</summary>
    public const int NoSuchIdentifier = 4;

    /// <summary>An element-specific failure.</summary>
    public const int CustomError = 5;

    /// <summary>No asynchronous request with that id.</summary>
    public const int NoSuchRequest = 8;

    /// <summary>The psoID is not acceptable.</summary>
    public const int InvalidIdentifier = 12;

    /// <summary>The object (MSISDN, or its IMSI) already exists.</summary>
    public const int AlreadyExists = 13;

    /// <summary>The code used when the HTTP layer refuses the credentials (401 or 403).</summary>
    public const int AuthenticationFailed = 401;

    private static readonly string[] Names =
    [
        "malformedRequest", "unsupportedOperation", "unsupportedIdentifierType", "noSuchIdentifier", "customError",
        "unsupportedExecutionMode", "invalidContainment", "noSuchRequest", "unsupportedSelectionType", "resultSetTooLarge",
        "unsupportedProfile", "invalidIdentifier", "alreadyExists", "containerNotEmpty",
    ];

    /// <summary>The number of an SPML error name; <see cref="CustomError"/> for a name outside the schema or none.</summary>
    /// <param name="error">The <c>error</c> attribute value, or null.</param>
    /// <returns>The number.</returns>
    public static int FromName(string? error)
    {
        var index = error is null ? -1 : Array.IndexOf(Names, error);
        return index < 0 ? CustomError : index + 1;
    }
}
