namespace NMcs.Mediation.Cdr;

/// <summary>TAI: PLMN and tracking area code (TS 23.003 19.4.2.3), the E-UTRAN location area.</summary>
/// <param name="Plmn">The network the tracking area belongs to.</param>
/// <param name="TrackingAreaCode">16-bit TAC.</param>
public sealed record TrackingAreaIdentity(PlmnId Plmn, ushort TrackingAreaCode);
