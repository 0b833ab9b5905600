namespace NMcs.Api.Ingestion;

/// <summary>The result of checking a push request's API key.</summary>
/// <param name="Element">The authenticated element; null while ingestion is open or when refused.</param>
/// <param name="Refusal">Why the request is refused; null when it may proceed.</param>
public sealed record NetworkElementCheck(NetworkElement? Element, IngestRefusal? Refusal)
{
    /// <summary>A refusal.</summary>
    public static NetworkElementCheck Refused(int status, string reason, string message) => new(null, new IngestRefusal(status, reason, message));
}
