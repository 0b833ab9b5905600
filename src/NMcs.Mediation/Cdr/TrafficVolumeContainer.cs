namespace NMcs.Mediation.Cdr;

/// <summary>
/// One ChangeOfCharCondition of a listOfTrafficVolumes (TS 32.298): the bearer's volume between two charging
/// condition changes. The containers of an SGW-CDR; in a PGW-CDR only with charging per IP-CAN session.
/// </summary>
public sealed record TrafficVolumeContainer
{
    /// <summary>dataVolumeGPRSUplink [3], octets.</summary>
    public long? DataVolumeUplink { get; init; }

    /// <summary>dataVolumeGPRSDownlink [4], octets.</summary>
    public long? DataVolumeDownlink { get; init; }

    /// <summary>changeCondition [5] (e.g. 1 tariffTime, 2 recordClosure, 11 tAIChange).</summary>
    public int? ChangeCondition { get; init; }

    /// <summary>changeTime [6]: when the container was closed.</summary>
    public DateTimeOffset? ChangeTime { get; init; }

    /// <summary>userLocationInformation [8]: where the user was, when it changed.</summary>
    public UserLocationInformation? UserLocation { get; init; }

    /// <summary>chargingID [10] of the bearer (PGW-CDR with charging per IP-CAN session).</summary>
    public uint? ChargingId { get; init; }

    /// <summary>rATType [15].</summary>
    public int? RatType { get; init; }
}
