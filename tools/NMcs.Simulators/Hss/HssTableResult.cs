namespace NMcs.Simulators.Hss;

/// <summary>How a change to the HSS subscriber table ended.</summary>
internal enum HssTableResult
{
    /// <summary>The change was made.</summary>
    Success,

    /// <summary>No subscriber with that MSISDN.</summary>
    NoSuchSubscriber,

    /// <summary>A subscriber with that MSISDN already exists.</summary>
    MsisdnExists,

    /// <summary>The IMSI belongs to another subscriber.</summary>
    ImsiExists,
}
