namespace NMcs.Storage;

/// <summary>What reprocessing did to one reject.</summary>
/// <param name="Id">The reject.</param>
/// <param name="Accepted">True when rated, duplicate or suspended now; false when refused again.</param>
/// <param name="Outcome">rated, duplicate, suspended or rejected.</param>
/// <param name="Field">Field at fault when refused again.</param>
/// <param name="Reason">Reason when refused again.</param>
/// <param name="Iccid">The resolved ICCID, when known now.</param>
public sealed record RejectResolution(long Id, bool Accepted, string Outcome, string? Field, string? Reason, string? Iccid);
