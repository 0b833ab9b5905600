namespace NMcs.Mediation.Cdr;

/// <summary>ECGI: PLMN and 28-bit E-UTRAN cell identifier (TS 23.003 19.6).</summary>
/// <param name="Plmn">The network the cell belongs to.</param>
/// <param name="CellId">28-bit ECI (eNodeB id and cell).</param>
public sealed record EutranCellGlobalId(PlmnId Plmn, uint CellId);
