namespace NMcs.Storage.Resources;

/// <summary>The kinds of resource that can be dedicated to a customer.</summary>
public enum ResourceKind
{
    /// <summary>An MSISDN pool.</summary>
    MsisdnPool,

    /// <summary>A fixed-IP pool.</summary>
    IpPool,

    /// <summary>An APN (the customer is added to those allowed to use it).</summary>
    Apn,
}
