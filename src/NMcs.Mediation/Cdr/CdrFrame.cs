namespace NMcs.Mediation.Cdr;

/// <summary>Where one CDR sits in a TS 32.297 file.</summary>
/// <param name="Ordinal">1-based number of the CDR in the file.</param>
/// <param name="Header">Its CDR header.</param>
/// <param name="Offset">Offset of the CDR body (after the CDR header) in the file.</param>
/// <param name="Length">Length of the CDR body.</param>
public readonly record struct CdrFrame(int Ordinal, CdrHeader Header, int Offset, int Length);
