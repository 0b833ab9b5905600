using System.Net;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// A PGW-CDR or SGW-CDR (TS 32.298 PGWRecord / SGWRecord), reduced to the fields mediation needs. Fields not modelled
/// here are skipped when decoding. Property names follow the ASN.1 field names; tags are given in each summary.
/// </summary>
public sealed record GatewayCdr
{
    /// <summary>recordType value of an SGW-CDR (sGWRecord).</summary>
    public const int SgwRecordType = 84;

    /// <summary>recordType value of a PGW-CDR (pGWRecord).</summary>
    public const int PgwRecordType = 85;

    /// <summary>PGW-CDR ([79]) or SGW-CDR ([78]); recordType [0] is 85 or 84 to match.</summary>
    public required GatewayCdrKind Kind { get; init; }

    /// <summary>servedIMSI [3], digits.</summary>
    public string? ServedImsi { get; init; }

    /// <summary>
    /// servedMSISDN [22], digits without the AddressString's nature-of-address octet (international format when
    /// <see cref="MsisdnNatureOfAddress"/> is 0x91).
    /// </summary>
    public string? ServedMsisdn { get; init; }

    /// <summary>First octet of servedMSISDN: extension bit, nature of address, numbering plan (0x91 = international E.164).</summary>
    public byte MsisdnNatureOfAddress { get; init; } = 0x91;

    /// <summary>servedIMEI [29] (called servedIMEISV in some editions), 15 or 16 digits.</summary>
    public string? ServedImei { get; init; }

    /// <summary>p-GWAddress [4] of a PGW-CDR or s-GWAddress [4] of an SGW-CDR.</summary>
    public IPAddress? GatewayAddress { get; init; }

    /// <summary>chargingID [5], 0..4294967295: the bearer's id, the same in every partial record of it.</summary>
    public required uint ChargingId { get; init; }

    /// <summary>servingNodeAddress [6]: the MMEs / SGSNs / SGWs that served the bearer.</summary>
    public IReadOnlyList<IPAddress> ServingNodeAddresses { get; init; } = [];

    /// <summary>accessPointNameNI [7], the APN network identifier.</summary>
    public string? AccessPointNameNI { get; init; }

    /// <summary>servedPDPPDNAddress [9], the UE's IP address.</summary>
    public IPAddress? ServedPdpPdnAddress { get; init; }

    /// <summary>listOfTrafficVolumes [12].</summary>
    public IReadOnlyList<TrafficVolumeContainer> TrafficVolumes { get; init; } = [];

    /// <summary>recordOpeningTime [13], with the node's UTC offset.</summary>
    public required DateTimeOffset RecordOpeningTime { get; init; }

    /// <summary>duration [14], seconds.</summary>
    public long? Duration { get; init; }

    /// <summary>causeForRecClosing [15] (0 normalRelease, 16 volumeLimit, 17 timeLimit, ...).</summary>
    public long? CauseForRecordClosing { get; init; }

    /// <summary>recordSequenceNumber [17]: 1, 2, 3 ... for the partial records of one bearer; absent when not partial.</summary>
    public long? RecordSequenceNumber { get; init; }

    /// <summary>nodeID [18], the name of the node that wrote the record.</summary>
    public string? NodeId { get; init; }

    /// <summary>localSequenceNumber [20].</summary>
    public long? LocalSequenceNumber { get; init; }

    /// <summary>servingNodePLMNIdentifier [27]: the PLMN of the serving MME / SGSN.</summary>
    public PlmnId? ServingNodePlmnId { get; init; }

    /// <summary>rATType [30] (TS 29.061 values, e.g. 6 = EUTRAN, 8 = NB-IoT).</summary>
    public int? RatType { get; init; }

    /// <summary>userLocationInformation [32]: where the user was when the record was opened.</summary>
    public UserLocationInformation? UserLocation { get; init; }

    /// <summary>listOfServiceData [34] (PGW-CDR only): one container per rating group and condition change.</summary>
    public IReadOnlyList<ServiceDataContainer> ServiceData { get; init; } = [];

    /// <summary>The recordType [0] value that matches <see cref="Kind"/>.</summary>
    public int RecordType => Kind == GatewayCdrKind.Pgw ? PgwRecordType : SgwRecordType;

    /// <summary>
    /// The exactly-once key of this record: <c>{nodeID}:{chargingID}:{recordSequenceNumber}</c>. A record without
    /// nodeID uses its gateway address instead; one without recordSequenceNumber (not a partial record) uses 0.
    /// </summary>
    public string RecordKey => $"{NodeId ?? GatewayAddress?.ToString() ?? string.Empty}:{ChargingId}:{RecordSequenceNumber ?? 0}";
}
