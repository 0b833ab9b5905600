namespace NMcs.Catalog;

/// <summary>The kind of usage a network element reports.</summary>
public enum ServiceType
{
    /// <summary>Packet data; base unit byte.</summary>
    Data,

    /// <summary>Short messages; base unit message.</summary>
    Sms,

    /// <summary>Voice calls; base unit second.</summary>
    Voice,
}
