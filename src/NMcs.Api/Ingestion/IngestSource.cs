namespace NMcs.Api.Ingestion;

/// <summary>Where a batch of candidate records comes from.</summary>
/// <param name="Kind">Push or file.</param>
/// <param name="Name">The network element id (push; <c>anonymous</c> while ingestion is open) or the file name.</param>
/// <param name="BatchId">The batch: one push request, or one file (a file handed over in several calls keeps one id,
/// and the reconciliation counts add up).</param>
public sealed record IngestSource(IngestSourceKind Kind, string Name, string BatchId)
{
    /// <summary>The stored spelling of <see cref="Kind"/>: push, file or reprocess.</summary>
    public string KindText => KindName(Kind);

    /// <summary>The stored spelling of a kind.</summary>
    public static string KindName(IngestSourceKind kind) => kind switch
    {
        IngestSourceKind.Push => "push",
        IngestSourceKind.File => "file",
        _ => "reprocess",
    };
}
