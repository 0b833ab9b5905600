namespace NMcs.Mediation.Cdr;

/// <summary>
/// One ChangeOfServiceCondition of a PGW-CDR's listOfServiceData (TS 32.298): the usage of one rating group between
/// two service condition changes.
/// </summary>
public sealed record ServiceDataContainer
{
    /// <summary>ratingGroup [1], the rating group (Rating-Group AVP), 0..4294967295.</summary>
    public required uint RatingGroup { get; init; }

    /// <summary>chargingRuleBaseName [2].</summary>
    public string? ChargingRuleBaseName { get; init; }

    /// <summary>resultCode [3], the Diameter result code from online charging.</summary>
    public long? ResultCode { get; init; }

    /// <summary>localSequenceNumber [4].</summary>
    public long? LocalSequenceNumber { get; init; }

    /// <summary>timeOfFirstUsage [5]: first IP packet of the container.</summary>
    public DateTimeOffset? TimeOfFirstUsage { get; init; }

    /// <summary>timeOfLastUsage [6]: last IP packet of the container.</summary>
    public DateTimeOffset? TimeOfLastUsage { get; init; }

    /// <summary>timeUsage [7]: seconds between first and last usage.</summary>
    public long? TimeUsage { get; init; }

    /// <summary>serviceConditionChange [8] as flags: ASN.1 named bit n is <c>1u &lt;&lt; n</c> (e.g. bit 3 tariffTimeSwitch).</summary>
    public uint? ServiceConditionChange { get; init; }

    /// <summary>datavolumeFBCUplink [12], octets.</summary>
    public long? DataVolumeUplink { get; init; }

    /// <summary>datavolumeFBCDownlink [13], octets.</summary>
    public long? DataVolumeDownlink { get; init; }

    /// <summary>timeOfReport [14].</summary>
    public DateTimeOffset? TimeOfReport { get; init; }

    /// <summary>serviceIdentifier [17].</summary>
    public long? ServiceIdentifier { get; init; }

    /// <summary>userLocationInformation [20]: where the user was during this container, when it changed.</summary>
    public UserLocationInformation? UserLocation { get; init; }

    /// <summary>rATType [30] (TS 29.061 values, e.g. 6 = EUTRAN).</summary>
    public int? RatType { get; init; }
}
