using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// Encodes a <see cref="GatewayCdr"/> as BER (definite lengths) in the TS 32.298 V15.5.1 layout: the GPRSRecord
/// alternative [79] or [78] around the record's SET, fields in tag order. Used to build test fixtures and sample files;
/// it writes the modelled fields only, and always writes the mandatory servingNodeAddress, duration and
/// causeForRecClosing (empty or 0 when not set).
/// </summary>
public static class GatewayCdrEncoder
{
    /// <summary>Encodes one record.</summary>
    public static byte[] Encode(GatewayCdr cdr)
    {
        ArgumentNullException.ThrowIfNull(cdr);
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence(Constructed((int)cdr.Kind)))
        {
            writer.WriteInteger(cdr.RecordType, Context(0));
            if (cdr.ServedImsi is { } imsi)
            {
                writer.WriteOctetString(Tbcd.Encode(imsi), Context(3));
            }

            if (cdr.GatewayAddress is { } gateway)
            {
                WriteWrappedAddress(writer, 4, gateway);
            }

            writer.WriteInteger(cdr.ChargingId, Context(5));
            using (writer.PushSequence(Constructed(6)))
            {
                foreach (var node in cdr.ServingNodeAddresses)
                {
                    WriteAddressAlternative(writer, node);
                }
            }

            if (cdr.AccessPointNameNI is { } apn)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, apn, Context(7));
            }

            if (cdr.ServedPdpPdnAddress is { } pdp)
            {
                using (writer.PushSequence(Constructed(9)))
                {
                    WriteWrappedAddress(writer, 0, pdp);
                }
            }

            if (cdr.TrafficVolumes.Count > 0)
            {
                using (writer.PushSequence(Constructed(12)))
                {
                    foreach (var container in cdr.TrafficVolumes)
                    {
                        WriteTrafficVolume(writer, container);
                    }
                }
            }

            WriteTimeStamp(writer, 13, cdr.RecordOpeningTime);
            writer.WriteInteger(cdr.Duration ?? 0, Context(14));
            writer.WriteInteger(cdr.CauseForRecordClosing ?? 0, Context(15));
            WriteOptionalInteger(writer, 17, cdr.RecordSequenceNumber);
            if (cdr.NodeId is { } nodeId)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, nodeId, Context(18));
            }

            WriteOptionalInteger(writer, 20, cdr.LocalSequenceNumber);
            if (cdr.ServedMsisdn is { } msisdn)
            {
                var octets = new byte[1 + Tbcd.EncodedLength(msisdn)];
                octets[0] = cdr.MsisdnNatureOfAddress;
                Tbcd.Encode(msisdn, octets.AsSpan(1));
                writer.WriteOctetString(octets, Context(22));
            }

            if (cdr.ServingNodePlmnId is { } plmn)
            {
                Span<byte> octets = stackalloc byte[3];
                plmn.Encode(octets);
                writer.WriteOctetString(octets, Context(27));
            }

            if (cdr.ServedImei is { } imei)
            {
                writer.WriteOctetString(Tbcd.Encode(imei), Context(29));
            }

            WriteOptionalInteger(writer, 30, cdr.RatType);
            if (cdr.UserLocation is { } location)
            {
                writer.WriteOctetString(location.Encode(), Context(32));
            }

            if (cdr.Kind == GatewayCdrKind.Pgw && cdr.ServiceData.Count > 0)
            {
                using (writer.PushSequence(Constructed(34)))
                {
                    foreach (var container in cdr.ServiceData)
                    {
                        WriteServiceData(writer, container);
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteTrafficVolume(AsnWriter writer, TrafficVolumeContainer container)
    {
        using (writer.PushSequence())
        {
            WriteOptionalInteger(writer, 3, container.DataVolumeUplink);
            WriteOptionalInteger(writer, 4, container.DataVolumeDownlink);
            WriteOptionalInteger(writer, 5, container.ChangeCondition);
            if (container.ChangeTime is { } changeTime)
            {
                WriteTimeStamp(writer, 6, changeTime);
            }

            if (container.UserLocation is { } location)
            {
                writer.WriteOctetString(location.Encode(), Context(8));
            }

            WriteOptionalInteger(writer, 10, container.ChargingId);
            WriteOptionalInteger(writer, 15, container.RatType);
        }
    }

    private static void WriteServiceData(AsnWriter writer, ServiceDataContainer container)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(container.RatingGroup, Context(1));
            if (container.ChargingRuleBaseName is { } ruleBase)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, ruleBase, Context(2));
            }

            WriteOptionalInteger(writer, 3, container.ResultCode);
            WriteOptionalInteger(writer, 4, container.LocalSequenceNumber);
            if (container.TimeOfFirstUsage is { } first)
            {
                WriteTimeStamp(writer, 5, first);
            }

            if (container.TimeOfLastUsage is { } last)
            {
                WriteTimeStamp(writer, 6, last);
            }

            WriteOptionalInteger(writer, 7, container.TimeUsage);
            if (container.ServiceConditionChange is { } flags)
            {
                Span<byte> bits = stackalloc byte[4];
                for (var n = 0; n < 32; n++)
                {
                    if ((flags & (1u << n)) != 0)
                    {
                        bits[n / 8] |= (byte)(0x80 >> (n % 8));
                    }
                }

                writer.WriteBitString(bits, 0, Context(8));
            }

            WriteOptionalInteger(writer, 12, container.DataVolumeUplink);
            WriteOptionalInteger(writer, 13, container.DataVolumeDownlink);
            if (container.TimeOfReport is { } report)
            {
                WriteTimeStamp(writer, 14, report);
            }

            WriteOptionalInteger(writer, 17, container.ServiceIdentifier);
            if (container.UserLocation is { } location)
            {
                writer.WriteOctetString(location.Encode(), Context(20));
            }

            WriteOptionalInteger(writer, 30, container.RatType);
        }
    }

    /// <summary>A field typed GSNAddress: the context tag wraps the CHOICE explicitly.</summary>
    private static void WriteWrappedAddress(AsnWriter writer, int tag, IPAddress address)
    {
        using (writer.PushSequence(Constructed(tag)))
        {
            WriteAddressAlternative(writer, address);
        }
    }

    /// <summary>iPBinV4Address [0] or iPBinV6Address [1].</summary>
    private static void WriteAddressAlternative(AsnWriter writer, IPAddress address) =>
        writer.WriteOctetString(address.GetAddressBytes(), Context(address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1));

    private static void WriteTimeStamp(AsnWriter writer, int tag, DateTimeOffset time)
    {
        Span<byte> octets = stackalloc byte[CdrTimeStamp.Length];
        CdrTimeStamp.Encode(time, octets);
        writer.WriteOctetString(octets, Context(tag));
    }

    private static void WriteOptionalInteger(AsnWriter writer, int tag, long? value)
    {
        if (value is { } present)
        {
            writer.WriteInteger(present, Context(tag));
        }
    }

    private static Asn1Tag Context(int tag) => new(TagClass.ContextSpecific, tag);

    private static Asn1Tag Constructed(int tag) => new(TagClass.ContextSpecific, tag, isConstructed: true);
}
