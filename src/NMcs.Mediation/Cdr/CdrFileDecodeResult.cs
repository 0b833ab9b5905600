namespace NMcs.Mediation.Cdr;

/// <summary>
/// What a TS 32.297 file yielded. Every CDR in the file is either accepted (in <see cref="Cdrs"/>, its usage in
/// <see cref="Usage"/>) or rejected (one entry in <see cref="Rejects"/>); when the file itself is broken
/// (<see cref="FileRejected"/>) there is a single reject at position 0 and nothing else.
/// </summary>
/// <param name="FileName">The file's name, as used in the record sources.</param>
/// <param name="Header">The file header, when it could be read.</param>
/// <param name="CdrCount">Number of CDRs the framing located.</param>
/// <param name="Cdrs">The accepted CDRs; <see cref="GatewayCdr.RecordKey"/> is each one's exactly-once key.</param>
/// <param name="Usage">Usage records of the accepted CDRs.</param>
/// <param name="Rejects">One per rejected CDR, or one for the whole file.</param>
public sealed record CdrFileDecodeResult(
    string FileName,
    CdrFileHeader? Header,
    int CdrCount,
    IReadOnlyList<GatewayCdr> Cdrs,
    IReadOnlyList<MediatedUsage> Usage,
    IReadOnlyList<SourceReject> Rejects)
{
    /// <summary>True when the file header or framing is broken and no CDR was decoded.</summary>
    public bool FileRejected => Rejects.Count == 1 && Rejects[0].Source.Position == 0;
}
