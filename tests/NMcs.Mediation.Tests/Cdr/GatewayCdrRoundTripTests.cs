using System.Net;
using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Tests.Cdr;

public class GatewayCdrRoundTripTests
{
    [Fact]
    public void Pgw_cdr_survives_encode_and_decode()
    {
        var original = CdrSamples.Pgw();

        Assert.True(GatewayCdrDecoder.TryDecode(GatewayCdrEncoder.Encode(original), out var decoded, out var error), error.ToString());

        AssertSameRecord(original, decoded);
        Assert.Equal(3, decoded.ServiceData.Count);
        for (var i = 0; i < original.ServiceData.Count; i++)
        {
            Assert.Equal(original.ServiceData[i], decoded.ServiceData[i]);
        }
    }

    [Fact]
    public void Sgw_cdr_survives_encode_and_decode()
    {
        var original = CdrSamples.Sgw();

        Assert.True(GatewayCdrDecoder.TryDecode(GatewayCdrEncoder.Encode(original), out var decoded, out var error), error.ToString());

        AssertSameRecord(original, decoded);
        Assert.Equal(original.TrafficVolumes, decoded.TrafficVolumes);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("fe80::1:2:3:4")]
    public void Gateway_addresses_of_both_families_survive(string address)
    {
        var original = CdrSamples.Sgw() with { GatewayAddress = IPAddress.Parse(address), ServingNodeAddresses = [IPAddress.Parse(address)] };

        Assert.True(GatewayCdrDecoder.TryDecode(GatewayCdrEncoder.Encode(original), out var decoded, out _));

        Assert.Equal(IPAddress.Parse(address), decoded.GatewayAddress);
        Assert.Equal([IPAddress.Parse(address)], decoded.ServingNodeAddresses);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(127u)]
    [InlineData(128u)]
    [InlineData(2147483648u)]
    [InlineData(4294967295u)]
    public void Charging_id_is_unsigned_32_bit(uint chargingId)
    {
        Assert.True(GatewayCdrDecoder.TryDecode(GatewayCdrEncoder.Encode(CdrSamples.Pgw(chargingId: chargingId)), out var decoded, out _));

        Assert.Equal(chargingId, decoded.ChargingId);
    }

    [Theory]
    [InlineData("001010000000001", "1", "001-01")]
    [InlineData("31026000000001", "12025550123", "310-260")]
    public void Odd_and_even_digit_counts_and_three_digit_mncs_survive(string imsi, string msisdn, string plmn)
    {
        var original = CdrSamples.Pgw() with
        {
            ServedImsi = imsi,
            ServedMsisdn = msisdn,
            ServingNodePlmnId = PlmnId.Parse(plmn),
        };

        Assert.True(GatewayCdrDecoder.TryDecode(GatewayCdrEncoder.Encode(original), out var decoded, out var error), error.ToString());

        Assert.Equal(imsi, decoded.ServedImsi);
        Assert.Equal(msisdn, decoded.ServedMsisdn);
        Assert.Equal(original.ServingNodePlmnId, decoded.ServingNodePlmnId);
    }

    [Fact]
    public void Negative_utc_offsets_and_a_record_without_optional_fields_survive()
    {
        var original = new GatewayCdr
        {
            Kind = GatewayCdrKind.Pgw,
            ServedMsisdn = "15551234567",
            ChargingId = 1,
            RecordOpeningTime = new DateTimeOffset(2099, 12, 31, 23, 59, 59, TimeSpan.FromMinutes(-570)),
        };

        Assert.True(GatewayCdrDecoder.TryDecode(GatewayCdrEncoder.Encode(original), out var decoded, out var error), error.ToString());

        Assert.Equal(original.RecordOpeningTime, decoded.RecordOpeningTime);
        Assert.Equal(original.RecordOpeningTime.Offset, decoded.RecordOpeningTime.Offset);
        Assert.Null(decoded.ServedImsi);
        Assert.Null(decoded.NodeId);
        Assert.Empty(decoded.ServiceData);
        Assert.Empty(decoded.TrafficVolumes);
        Assert.Equal(":1:0", decoded.RecordKey);
    }

    private static void AssertSameRecord(GatewayCdr expected, GatewayCdr actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.ServedImsi, actual.ServedImsi);
        Assert.Equal(expected.ServedMsisdn, actual.ServedMsisdn);
        Assert.Equal(expected.ServedImei, actual.ServedImei);
        Assert.Equal(expected.GatewayAddress, actual.GatewayAddress);
        Assert.Equal(expected.ChargingId, actual.ChargingId);
        Assert.Equal(expected.ServingNodeAddresses, actual.ServingNodeAddresses);
        Assert.Equal(expected.AccessPointNameNI, actual.AccessPointNameNI);
        Assert.Equal(expected.ServedPdpPdnAddress, actual.ServedPdpPdnAddress);
        Assert.Equal(expected.RecordOpeningTime, actual.RecordOpeningTime);
        Assert.Equal(expected.RecordOpeningTime.Offset, actual.RecordOpeningTime.Offset);
        Assert.Equal(expected.Duration, actual.Duration);
        Assert.Equal(expected.CauseForRecordClosing, actual.CauseForRecordClosing);
        Assert.Equal(expected.RecordSequenceNumber, actual.RecordSequenceNumber);
        Assert.Equal(expected.NodeId, actual.NodeId);
        Assert.Equal(expected.LocalSequenceNumber, actual.LocalSequenceNumber);
        Assert.Equal(expected.ServingNodePlmnId, actual.ServingNodePlmnId);
        Assert.Equal(expected.RatType, actual.RatType);
        Assert.Equal(expected.UserLocation, actual.UserLocation);
        Assert.Equal(expected.RecordKey, actual.RecordKey);
    }
}
