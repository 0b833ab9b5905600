namespace NMcs.Storage;

/// <summary>Which rejects to list; null members do not filter.</summary>
/// <param name="SourceName">Network element id or file name.</param>
/// <param name="SourceKind">push or file.</param>
/// <param name="ReasonContains">Text the reason contains, case-insensitive (ASCII).</param>
/// <param name="SimId">ICCID, IMSI or MSISDN as sent, or the resolved ICCID.</param>
/// <param name="Status">Status.</param>
/// <param name="BatchId">The batch it was last refused in.</param>
public sealed record RejectFilter(string? SourceName = null, string? SourceKind = null, string? ReasonContains = null, string? SimId = null, RejectStatus? Status = null, string? BatchId = null);
