namespace NMcs.Storage.Resources;

/// <summary>Where a pooled resource (an MSISDN, a fixed IP address) stands.</summary>
public enum ResourceState
{
    /// <summary>Nobody holds it.</summary>
    Free,

    /// <summary>Held for an owner, optionally until an expiry; not yet in use.</summary>
    Reserved,

    /// <summary>In use by a SIM (or a named owner, for addresses).</summary>
    Assigned,
}
