namespace NMcs.Mediation.Cdr;

/// <summary>LAI: PLMN and location area code (TS 23.003 4.1), the 2G/3G location carried by CGI, SAI, RAI or LAI.</summary>
/// <param name="Plmn">The network the location area belongs to.</param>
/// <param name="LocationAreaCode">16-bit LAC.</param>
public sealed record LocationAreaIdentity(PlmnId Plmn, ushort LocationAreaCode);
