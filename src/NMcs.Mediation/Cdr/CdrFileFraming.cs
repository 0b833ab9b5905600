namespace NMcs.Mediation.Cdr;

/// <summary>
/// The layout of a TS 32.297 file: its header and where each CDR is. When <see cref="Error"/> is set the framing is
/// broken (file header, lengths or CDR count) and no CDR of the file may be trusted.
/// </summary>
/// <param name="Header">The file header, when it could be read.</param>
/// <param name="Frames">The CDRs, in file order; empty when <paramref name="Error"/> is set.</param>
/// <param name="Error">What is wrong with the framing.</param>
public sealed record CdrFileFraming(CdrFileHeader? Header, IReadOnlyList<CdrFrame> Frames, CdrFieldError? Error);
