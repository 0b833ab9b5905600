using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Net;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// Decodes one BER-encoded PGW-CDR or SGW-CDR (TS 32.298 V15.5.1 GPRSRecord alternatives [79] and [78]). Unknown tags
/// are skipped; malformed input never throws but yields a <see cref="CdrFieldError"/> naming the field.
/// </summary>
public static class GatewayCdrDecoder
{
    /// <summary>Largest record accepted: the CDR length field of TS 32.297 has 16 bits.</summary>
    public const int MaxRecordOctets = ushort.MaxValue;

    private const long MaxUnsigned32 = uint.MaxValue;

    private static readonly Func<int, string> PgwFieldNames = tag => RecordFieldName(GatewayCdrKind.Pgw, tag);
    private static readonly Func<int, string> SgwFieldNames = tag => RecordFieldName(GatewayCdrKind.Sgw, tag);
    private static readonly Func<int, string> ServiceDataFieldNames = ServiceDataFieldName;
    private static readonly Func<int, string> TrafficVolumeFieldNames = TrafficVolumeFieldName;
    private static readonly Func<int, string> ListElementNames = static _ => "element";

    /// <summary>Decodes one record; on failure <paramref name="error"/> names the field and the reason.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> ber, [NotNullWhen(true)] out GatewayCdr? cdr, out CdrFieldError error)
    {
        try
        {
            cdr = Decode(ber);
            error = default;
            return true;
        }
        catch (CdrDecodeException ex)
        {
            cdr = null;
            error = new CdrFieldError(ex.Field, ex.Reason);
            return false;
        }
    }

    private static GatewayCdr Decode(ReadOnlySpan<byte> ber)
    {
        if (ber.IsEmpty)
        {
            throw new CdrDecodeException("record", "the CDR has no octets");
        }

        if (ber.Length > MaxRecordOctets)
        {
            throw new CdrDecodeException("record", $"{ber.Length} octets exceed the {MaxRecordOctets}-octet limit of a CDR");
        }

        var top = new BerReader(ber, null, 0, static _ => "record");
        var record = top.Read();
        if (top.HasMore)
        {
            throw new CdrDecodeException("record", $"{top.Remaining} octets follow the end of the record");
        }

        var tag = record.Tag;
        if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue is not ((int)GatewayCdrKind.Pgw or (int)GatewayCdrKind.Sgw))
        {
            throw new CdrDecodeException(
                "record", $"{Ber.Describe(tag)} is not a PGW-CDR [79] or SGW-CDR [78] (TS 32.298 GPRSRecord)");
        }

        var kind = (GatewayCdrKind)tag.TagValue;
        Ber.RequireConstructed(record, FieldPath.Record("record"), kind == GatewayCdrKind.Pgw ? "PGWRecord SET" : "SGWRecord SET");
        return DecodeRecord(kind, record.Content);
    }

    private static GatewayCdr DecodeRecord(GatewayCdrKind kind, ReadOnlySpan<byte> content)
    {
        long? recordType = null;
        string? imsi = null, msisdn = null, imei = null, apn = null, nodeId = null;
        byte natureOfAddress = 0x91;
        IPAddress? gatewayAddress = null, pdpAddress = null;
        uint? chargingId = null;
        List<IPAddress>? servingNodes = null;
        List<TrafficVolumeContainer>? trafficVolumes = null;
        List<ServiceDataContainer>? serviceData = null;
        DateTimeOffset? openingTime = null;
        long? duration = null, cause = null, sequence = null, localSequence = null;
        PlmnId? servingPlmn = null;
        int? ratType = null;
        UserLocationInformation? location = null;

        ulong seen = 0;
        var fields = new BerReader(content, null, 0, kind == GatewayCdrKind.Pgw ? PgwFieldNames : SgwFieldNames);
        while (fields.HasMore)
        {
            var element = fields.Read();
            if (element.Tag.TagClass != TagClass.ContextSpecific || !IsModelled(kind, element.Tag.TagValue))
            {
                continue;
            }

            var number = element.Tag.TagValue;
            var field = fields.Field(number);
            var bit = 1UL << number;
            if ((seen & bit) != 0)
            {
                throw new CdrDecodeException(field.ToString(), "appears twice in the record");
            }

            seen |= bit;
            switch (number)
            {
                case 0:
                    recordType = Ber.Integer(element, field);
                    break;
                case 3:
                    imsi = Imsi(element, field);
                    break;
                case 4:
                    gatewayAddress = Ber.WrappedIpAddress(element, field);
                    break;
                case 5:
                    chargingId = (uint)Ber.Unsigned(element, field, MaxUnsigned32);
                    break;
                case 6:
                    servingNodes = ServingNodeAddresses(element, field);
                    break;
                case 7:
                    apn = Ber.PrintableIa5(element, field, 100);
                    break;
                case 9:
                    pdpAddress = PdpAddress(element, field);
                    break;
                case 12:
                    trafficVolumes = TrafficVolumes(element, field);
                    break;
                case 13:
                    openingTime = CdrTimeStamp.Decode(Ber.Octets(element, field), field);
                    break;
                case 14:
                    duration = Ber.Unsigned(element, field, long.MaxValue);
                    break;
                case 15:
                    cause = Ber.Integer(element, field);
                    break;
                case 17:
                    sequence = Ber.Unsigned(element, field, long.MaxValue);
                    break;
                case 18:
                    nodeId = Ber.PrintableIa5(element, field, 64);
                    break;
                case 20:
                    localSequence = Ber.Unsigned(element, field, MaxUnsigned32);
                    break;
                case 22:
                    (natureOfAddress, msisdn) = Msisdn(element, field);
                    break;
                case 27:
                    servingPlmn = PlmnId.Decode(Ber.Octets(element, field), field);
                    break;
                case 29:
                    imei = Imei(element, field);
                    break;
                case 30:
                    ratType = (int)Ber.Unsigned(element, field, 255);
                    break;
                case 32:
                    location = UserLocationInformation.Decode(Ber.Octets(element, field), field);
                    break;
                case 34:
                    serviceData = ServiceData(element, field);
                    break;
            }
        }

        var expectedType = kind == GatewayCdrKind.Pgw ? GatewayCdr.PgwRecordType : GatewayCdr.SgwRecordType;
        if (recordType is null)
        {
            throw new CdrDecodeException("recordType", "missing; it is mandatory");
        }

        if (recordType != expectedType)
        {
            throw new CdrDecodeException(
                "recordType",
                $"{recordType} does not match the {(kind == GatewayCdrKind.Pgw ? "PGW-CDR [79]" : "SGW-CDR [78]")} alternative; expected {expectedType}");
        }

        return new GatewayCdr
        {
            Kind = kind,
            ServedImsi = imsi,
            ServedMsisdn = msisdn,
            MsisdnNatureOfAddress = natureOfAddress,
            ServedImei = imei,
            GatewayAddress = gatewayAddress,
            ChargingId = chargingId ?? throw new CdrDecodeException("chargingID", "missing; it is mandatory"),
            ServingNodeAddresses = servingNodes is null ? [] : servingNodes,
            AccessPointNameNI = apn,
            ServedPdpPdnAddress = pdpAddress,
            TrafficVolumes = trafficVolumes is null ? [] : trafficVolumes,
            RecordOpeningTime = openingTime ?? throw new CdrDecodeException("recordOpeningTime", "missing; it is mandatory"),
            Duration = duration,
            CauseForRecordClosing = cause,
            RecordSequenceNumber = sequence,
            NodeId = nodeId,
            LocalSequenceNumber = localSequence,
            ServingNodePlmnId = servingPlmn,
            RatType = ratType,
            UserLocation = location,
            ServiceData = serviceData is null ? [] : serviceData,
        };
    }

    private static bool IsModelled(GatewayCdrKind kind, int tag) => tag switch
    {
        0 or 3 or 4 or 5 or 6 or 7 or 9 or 12 or 13 or 14 or 15 or 17 or 18 or 20 or 22 or 27 or 29 or 30 or 32 => true,

        // [34] is listOfServiceData in a PGW-CDR but sGWChange (a BOOLEAN) in an SGW-CDR.
        34 => kind == GatewayCdrKind.Pgw,
        _ => false,
    };

    private static string Imsi(in BerElement element, FieldPath field)
    {
        var octets = Ber.Octets(element, field);
        if (octets.Length is < 3 or > 8)
        {
            throw new CdrDecodeException(field.ToString(), $"IMSI has {octets.Length} octets; expected 3 to 8 (TBCD)");
        }

        return Tbcd.Decode(octets, field);
    }

    private static string Imei(in BerElement element, FieldPath field)
    {
        var octets = Ber.Octets(element, field);
        if (octets.Length != 8)
        {
            throw new CdrDecodeException(field.ToString(), $"IMEI has {octets.Length} octets; expected 8 (TBCD)");
        }

        return Tbcd.Decode(octets, field);
    }

    private static (byte NatureOfAddress, string Digits) Msisdn(in BerElement element, FieldPath field)
    {
        var octets = Ber.Octets(element, field);
        if (octets.Length is < 2 or > 9)
        {
            throw new CdrDecodeException(
                field.ToString(), $"ISDN-AddressString has {octets.Length} octets; expected 2 to 9 (nature of address + TBCD digits)");
        }

        return (octets[0], Tbcd.Decode(octets[1..], field));
    }

    private static List<IPAddress> ServingNodeAddresses(in BerElement element, FieldPath field)
    {
        Ber.RequireConstructed(element, field, "SEQUENCE OF GSNAddress");
        var addresses = new List<IPAddress>(2);
        var reader = new BerReader(element.Content, null, 0, ListElementNames);
        while (reader.HasMore)
        {
            addresses.Add(Ber.IpAddressAlternative(Ber.ReadAt(ref reader, field), field));
        }

        return addresses;
    }

    /// <summary>PDPAddress ::= CHOICE { iPAddress [0] IPAddress }: two explicit CHOICE wrappers around the address.</summary>
    private static IPAddress PdpAddress(in BerElement element, FieldPath field)
    {
        Ber.RequireConstructed(element, field, "PDPAddress");
        var reader = new BerReader(element.Content, null, 0, ListElementNames);
        if (!reader.HasMore)
        {
            throw new CdrDecodeException(field.ToString(), "PDPAddress is empty");
        }

        var choice = Ber.ReadAt(ref reader, field);
        if (!choice.IsContext(0))
        {
            throw new CdrDecodeException(field.ToString(), $"{Ber.Describe(choice.Tag)} is not the PDPAddress alternative iPAddress [0]");
        }

        return Ber.WrappedIpAddress(choice, field);
    }

    private static List<TrafficVolumeContainer> TrafficVolumes(in BerElement element, FieldPath field)
    {
        Ber.RequireConstructed(element, field, "SEQUENCE OF ChangeOfCharCondition");
        var containers = new List<TrafficVolumeContainer>(4);
        var reader = new BerReader(element.Content, null, 0, ListElementNames);
        while (reader.HasMore)
        {
            var index = containers.Count;
            var container = Ber.ReadAt(ref reader, new FieldPath(field.Name, index, "ChangeOfCharCondition"));
            containers.Add(TrafficVolume(container, field.Name, index));
        }

        return containers;
    }

    private static TrafficVolumeContainer TrafficVolume(in BerElement container, string list, int index)
    {
        Ber.RequireConstructed(container, new FieldPath(list, index, "ChangeOfCharCondition"), "SEQUENCE");
        long? uplink = null, downlink = null;
        int? condition = null, ratType = null;
        DateTimeOffset? changeTime = null;
        UserLocationInformation? location = null;
        uint? chargingId = null;
        var reader = new BerReader(container.Content, list, index, TrafficVolumeFieldNames);
        while (reader.HasMore)
        {
            var element = reader.Read();
            if (element.Tag.TagClass != TagClass.ContextSpecific)
            {
                continue;
            }

            var field = reader.Field(element.Tag.TagValue);
            switch (element.Tag.TagValue)
            {
                case 3:
                    uplink = Ber.Unsigned(element, field, long.MaxValue);
                    break;
                case 4:
                    downlink = Ber.Unsigned(element, field, long.MaxValue);
                    break;
                case 5:
                    condition = (int)Ber.Unsigned(element, field, int.MaxValue);
                    break;
                case 6:
                    changeTime = CdrTimeStamp.Decode(Ber.Octets(element, field), field);
                    break;
                case 8:
                    location = UserLocationInformation.Decode(Ber.Octets(element, field), field);
                    break;
                case 10:
                    chargingId = (uint)Ber.Unsigned(element, field, MaxUnsigned32);
                    break;
                case 15:
                    ratType = (int)Ber.Unsigned(element, field, 255);
                    break;
            }
        }

        return new TrafficVolumeContainer
        {
            DataVolumeUplink = uplink,
            DataVolumeDownlink = downlink,
            ChangeCondition = condition,
            ChangeTime = changeTime,
            UserLocation = location,
            ChargingId = chargingId,
            RatType = ratType,
        };
    }

    private static List<ServiceDataContainer> ServiceData(in BerElement element, FieldPath field)
    {
        Ber.RequireConstructed(element, field, "SEQUENCE OF ChangeOfServiceCondition");
        var containers = new List<ServiceDataContainer>(4);
        var reader = new BerReader(element.Content, null, 0, ListElementNames);
        while (reader.HasMore)
        {
            var index = containers.Count;
            var container = Ber.ReadAt(ref reader, new FieldPath(field.Name, index, "ChangeOfServiceCondition"));
            containers.Add(ServiceDataItem(container, field.Name, index));
        }

        return containers;
    }

    private static ServiceDataContainer ServiceDataItem(in BerElement container, string list, int index)
    {
        Ber.RequireConstructed(container, new FieldPath(list, index, "ChangeOfServiceCondition"), "SEQUENCE");
        uint? ratingGroup = null, conditionChange = null;
        string? ruleBase = null;
        long? resultCode = null, localSequence = null, timeUsage = null, uplink = null, downlink = null, serviceId = null;
        DateTimeOffset? firstUsage = null, lastUsage = null, report = null;
        UserLocationInformation? location = null;
        int? ratType = null;
        var reader = new BerReader(container.Content, list, index, ServiceDataFieldNames);
        while (reader.HasMore)
        {
            var element = reader.Read();
            if (element.Tag.TagClass != TagClass.ContextSpecific)
            {
                continue;
            }

            var field = reader.Field(element.Tag.TagValue);
            switch (element.Tag.TagValue)
            {
                case 1:
                    ratingGroup = (uint)Ber.Unsigned(element, field, MaxUnsigned32);
                    break;
                case 2:
                    ruleBase = Ber.PrintableIa5(element, field, 255);
                    break;
                case 3:
                    resultCode = Ber.Integer(element, field);
                    break;
                case 4:
                    localSequence = Ber.Unsigned(element, field, MaxUnsigned32);
                    break;
                case 5:
                    firstUsage = CdrTimeStamp.Decode(Ber.Octets(element, field), field);
                    break;
                case 6:
                    lastUsage = CdrTimeStamp.Decode(Ber.Octets(element, field), field);
                    break;
                case 7:
                    timeUsage = Ber.Unsigned(element, field, long.MaxValue);
                    break;
                case 8:
                    conditionChange = Ber.NamedBits(element, field);
                    break;
                case 12:
                    uplink = Ber.Unsigned(element, field, long.MaxValue);
                    break;
                case 13:
                    downlink = Ber.Unsigned(element, field, long.MaxValue);
                    break;
                case 14:
                    report = CdrTimeStamp.Decode(Ber.Octets(element, field), field);
                    break;
                case 17:
                    serviceId = Ber.Integer(element, field);
                    break;
                case 20:
                    location = UserLocationInformation.Decode(Ber.Octets(element, field), field);
                    break;
                case 30:
                    ratType = (int)Ber.Unsigned(element, field, 255);
                    break;
            }
        }

        return new ServiceDataContainer
        {
            RatingGroup = ratingGroup ?? throw new CdrDecodeException(
                new FieldPath(list, index, "ratingGroup").ToString(), "missing; it is mandatory"),
            ChargingRuleBaseName = ruleBase,
            ResultCode = resultCode,
            LocalSequenceNumber = localSequence,
            TimeOfFirstUsage = firstUsage,
            TimeOfLastUsage = lastUsage,
            TimeUsage = timeUsage,
            ServiceConditionChange = conditionChange,
            DataVolumeUplink = uplink,
            DataVolumeDownlink = downlink,
            TimeOfReport = report,
            ServiceIdentifier = serviceId,
            UserLocation = location,
            RatType = ratType,
        };
    }

    private static string RecordFieldName(GatewayCdrKind kind, int tag) => tag switch
    {
        0 => "recordType",
        3 => "servedIMSI",
        4 => kind == GatewayCdrKind.Pgw ? "p-GWAddress" : "s-GWAddress",
        5 => "chargingID",
        6 => "servingNodeAddress",
        7 => "accessPointNameNI",
        8 => "pdpPDNType",
        9 => "servedPDPPDNAddress",
        11 => "dynamicAddressFlag",
        12 => "listOfTrafficVolumes",
        13 => "recordOpeningTime",
        14 => "duration",
        15 => "causeForRecClosing",
        16 => "diagnostics",
        17 => "recordSequenceNumber",
        18 => "nodeID",
        19 => "recordExtensions",
        20 => "localSequenceNumber",
        21 => "apnSelectionMode",
        22 => "servedMSISDN",
        23 => "chargingCharacteristics",
        24 => "chChSelectionMode",
        27 => "servingNodePLMNIdentifier",
        29 => "servedIMEI",
        30 => "rATType",
        31 => "mSTimeZone",
        32 => "userLocationInformation",
        34 => kind == GatewayCdrKind.Pgw ? "listOfServiceData" : "sGWChange",
        35 => "servingNodeType",
        _ => $"[{tag}]",
    };

    private static string ServiceDataFieldName(int tag) => tag switch
    {
        1 => "ratingGroup",
        2 => "chargingRuleBaseName",
        3 => "resultCode",
        4 => "localSequenceNumber",
        5 => "timeOfFirstUsage",
        6 => "timeOfLastUsage",
        7 => "timeUsage",
        8 => "serviceConditionChange",
        12 => "datavolumeFBCUplink",
        13 => "datavolumeFBCDownlink",
        14 => "timeOfReport",
        17 => "serviceIdentifier",
        20 => "userLocationInformation",
        30 => "rATType",
        _ => $"[{tag}]",
    };

    private static string TrafficVolumeFieldName(int tag) => tag switch
    {
        3 => "dataVolumeGPRSUplink",
        4 => "dataVolumeGPRSDownlink",
        5 => "changeCondition",
        6 => "changeTime",
        8 => "userLocationInformation",
        10 => "chargingID",
        15 => "rATType",
        _ => $"[{tag}]",
    };
}
