namespace NMcs.Mediation.Cdr;

/// <summary>Data record format of a TS 32.297 CDR header (3 bits): how the CDR body is encoded.</summary>
public enum CdrDataRecordFormat
{
    /// <summary>ASN.1 Basic Encoding Rules, the only format this decoder reads.</summary>
    Ber = 1,

    /// <summary>Unaligned Packed Encoding Rules.</summary>
    UnalignedPer = 2,

    /// <summary>Aligned Packed Encoding Rules.</summary>
    AlignedPer = 3,

    /// <summary>XML Encoding Rules.</summary>
    Xer = 4,
}
