namespace NMcs.Mediation.Cdr;

/// <summary>Which gateway wrote the record: the GPRSRecord CHOICE alternative of TS 32.298.</summary>
public enum GatewayCdrKind
{
    /// <summary>SGW-CDR, GPRSRecord alternative [78], recordType 84 (sGWRecord).</summary>
    Sgw = 78,

    /// <summary>PGW-CDR, GPRSRecord alternative [79], recordType 85 (pGWRecord).</summary>
    Pgw = 79,
}
