using System.Net;
using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Tests.Cdr;

/// <summary>
/// Records built octet by octet from TS 32.298 V15.5.1 (PGWRecord / SGWRecord, IMPLICIT TAGS), not from the encoder:
/// a context tag n &lt; 31 is 0x80 + n (primitive) or 0xA0 + n (constructed); n ≥ 31 takes the long form 9F/BF n.
/// </summary>
public class GatewayCdrHexTests
{
    private static readonly CdrDecoderOptions HomeIsUk = new(PlmnId.Parse("234-15"));

    /// <summary>A PGW-CDR with two rating-group containers, an unknown tag and location in Germany (262-01).</summary>
    internal static byte[] PgwCdr() => Hex.Octets(
        "BF 4F 81 B4",                      // [79] pGWRecord (constructed, tag 79 in long form), length 180 (long form 81 B4)
        "80 01 55",                         //   [0] recordType = 85 (pGWRecord)
        "83 08 32 14 05 21 43 65 87 F9",    //   [3] servedIMSI TBCD: 23 41 50 12 34 56 78 9F -> 234150123456789
        "A4 06 80 04 C0 A8 01 01",          //   [4] p-GWAddress: explicit CHOICE wrapper, [0] iPBinV4Address 192.168.1.1
        "85 05 00 FF FF FF FE",             //   [5] chargingID = 4294967294 (leading 00 keeps it positive)
        "A6 06 80 04 0A 00 00 01",          //   [6] servingNodeAddress: SEQUENCE OF GSNAddress { [0] 10.0.0.1 }
        "87 07 69 6F 74 2E 6D 32 6D",       //   [7] accessPointNameNI IA5 "iot.m2m"
        "8D 09 24 03 15 10 30 00 2B 01 00", //   [13] recordOpeningTime 24-03-15 10:30:00 '+' 01:00
        "8E 02 0E 10",                      //   [14] duration = 3600 s
        "8F 01 10",                         //   [15] causeForRecClosing = 16 (volumeLimit)
        "91 01 02",                         //   [17] recordSequenceNumber = 2
        "92 06 50 47 57 2D 30 31",          //   [18] nodeID IA5 "PGW-01"
        "96 07 91 44 77 00 09 21 F3",       //   [22] servedMSISDN: 0x91 international/ISDN, TBCD 44 77 00 09 12 3F -> 44770090123
        "9B 03 32 F4 51",                   //   [27] servingNodePLMNIdentifier: MCC 2|3, MNC3 F|MCC 4, MNC 5|1 -> 234-15
        "9D 08 53 43 09 60 89 37 53 61",    //   [29] servedIMEI(SV) TBCD -> 3534900698733516
        "9E 01 06",                         //   [30] rATType = 6 (EUTRAN)
        "9F 20 0D 18",                      //   [32] userLocationInformation, 13 octets; flags 0x18 = TAI + ECGI
        "   62 F2 10 00 01",                //        TAI: PLMN 262-01, TAC 0x0001
        "   62 F2 10 00 12 34 56",          //        ECGI: PLMN 262-01, ECI 0x0123456
        "9F 63 02 AB CD",                   //   [99] not in the schema: skipped
        "BF 22 37",                         //   [34] listOfServiceData, length 55
        "   30 26",                         //     ChangeOfServiceCondition, length 38
        "      81 01 0A",                   //       [1] ratingGroup = 10
        "      85 09 24 03 15 10 31 00 2B 01 00", // [5] timeOfFirstUsage 10:31:00 +01:00
        "      88 02 00 10",                //       [8] serviceConditionChange BIT STRING, 0 unused bits, bit 3 tariffTimeSwitch
        "      8C 02 03 E8",                //       [12] datavolumeFBCUplink = 1000
        "      8D 03 01 86 A0",             //       [13] datavolumeFBCDownlink = 100000
        "      8E 09 24 03 15 11 30 00 2B 01 00", // [14] timeOfReport 11:30:00 +01:00
        "   30 0D",                         //     ChangeOfServiceCondition, length 13
        "      81 02 01 2C",                //       [1] ratingGroup = 300
        "      8C 01 00",                   //       [12] datavolumeFBCUplink = 0
        "      8D 04 00 98 96 80");         //       [13] datavolumeFBCDownlink = 10000000

    /// <summary>An SGW-CDR using BER indefinite lengths, an IPv6 gateway and sGWChange at tag [34].</summary>
    internal static byte[] SgwCdr() => Hex.Octets(
        "BF 4E 80",                         // [78] sGWRecord, constructed, indefinite length
        "80 01 54",                         //   [0] recordType = 84 (sGWRecord)
        "83 08 62 02 11 32 54 76 98 F0",    //   [3] servedIMSI -> 262011234567890
        "A4 12 81 10 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 01", // [4] s-GWAddress: [1] iPBinV6Address 2001:db8::1
        "85 01 2A",                         //   [5] chargingID = 42
        "AC 80",                            //   [12] listOfTrafficVolumes, indefinite length
        "   30 80",                         //     ChangeOfCharCondition, indefinite length
        "      83 01 64",                   //       [3] dataVolumeGPRSUplink = 100
        "      84 02 01 F4",                //       [4] dataVolumeGPRSDownlink = 500
        "      85 01 02",                   //       [5] changeCondition = 2 (recordClosure)
        "      86 09 24 03 15 23 59 59 2D 05 00", // [6] changeTime 24-03-15 23:59:59 '-' 05:00
        "   00 00",                         //     end-of-contents (ChangeOfCharCondition)
        "00 00",                            //   end-of-contents (listOfTrafficVolumes)
        "8D 09 24 03 15 23 00 00 2D 05 00", //   [13] recordOpeningTime 24-03-15 23:00:00 -05:00
        "8E 02 0E 0F",                      //   [14] duration = 3599 s
        "8F 01 00",                         //   [15] causeForRecClosing = 0 (normalRelease)
        "92 05 53 47 57 2D 37",             //   [18] nodeID "SGW-7"
        "9F 22 01 FF",                      //   [34] sGWChange BOOLEAN TRUE (in a PGW-CDR [34] would be listOfServiceData)
        "00 00");                           // end-of-contents (sGWRecord)

    [Fact]
    public void Hand_built_pgw_cdr_decodes_every_field()
    {
        Assert.True(GatewayCdrDecoder.TryDecode(PgwCdr(), out var cdr, out var error), error.ToString());

        Assert.Equal(GatewayCdrKind.Pgw, cdr.Kind);
        Assert.Equal("234150123456789", cdr.ServedImsi);
        Assert.Equal(IPAddress.Parse("192.168.1.1"), cdr.GatewayAddress);
        Assert.Equal(4294967294u, cdr.ChargingId);
        Assert.Equal([IPAddress.Parse("10.0.0.1")], cdr.ServingNodeAddresses);
        Assert.Equal("iot.m2m", cdr.AccessPointNameNI);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 10, 30, 0, TimeSpan.FromHours(1)), cdr.RecordOpeningTime);
        Assert.Equal(TimeSpan.FromHours(1), cdr.RecordOpeningTime.Offset);
        Assert.Equal(3600, cdr.Duration);
        Assert.Equal(16, cdr.CauseForRecordClosing);
        Assert.Equal(2, cdr.RecordSequenceNumber);
        Assert.Equal("PGW-01", cdr.NodeId);
        Assert.Equal("44770090123", cdr.ServedMsisdn);
        Assert.Equal(0x91, cdr.MsisdnNatureOfAddress);
        Assert.Equal(PlmnId.Parse("234-15"), cdr.ServingNodePlmnId);
        Assert.Equal("3534900698733516", cdr.ServedImei);
        Assert.Equal(6, cdr.RatType);
        Assert.Equal(new TrackingAreaIdentity(PlmnId.Parse("262-01"), 1), cdr.UserLocation!.TrackingArea);
        Assert.Equal(new EutranCellGlobalId(PlmnId.Parse("262-01"), 0x123456), cdr.UserLocation.EutranCell);
        Assert.Equal("PGW-01:4294967294:2", cdr.RecordKey);

        Assert.Equal(2, cdr.ServiceData.Count);
        var first = cdr.ServiceData[0];
        Assert.Equal(10u, first.RatingGroup);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 10, 31, 0, TimeSpan.FromHours(1)), first.TimeOfFirstUsage);
        Assert.Equal(1u << 3, first.ServiceConditionChange);
        Assert.Equal(1000, first.DataVolumeUplink);
        Assert.Equal(100_000, first.DataVolumeDownlink);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 11, 30, 0, TimeSpan.FromHours(1)), first.TimeOfReport);
        var second = cdr.ServiceData[1];
        Assert.Equal(300u, second.RatingGroup);
        Assert.Equal(0, second.DataVolumeUplink);
        Assert.Equal(10_000_000, second.DataVolumeDownlink);
        Assert.Null(second.TimeOfFirstUsage);
    }

    [Fact]
    public void Hand_built_sgw_cdr_with_indefinite_lengths_decodes()
    {
        Assert.True(GatewayCdrDecoder.TryDecode(SgwCdr(), out var cdr, out var error), error.ToString());

        Assert.Equal(GatewayCdrKind.Sgw, cdr.Kind);
        Assert.Equal("262011234567890", cdr.ServedImsi);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), cdr.GatewayAddress);
        Assert.Equal(42u, cdr.ChargingId);
        Assert.Empty(cdr.ServiceData);
        var volume = Assert.Single(cdr.TrafficVolumes);
        Assert.Equal(100, volume.DataVolumeUplink);
        Assert.Equal(500, volume.DataVolumeDownlink);
        Assert.Equal(2, volume.ChangeCondition);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 23, 59, 59, TimeSpan.FromHours(-5)), volume.ChangeTime);
        Assert.Equal(3599, cdr.Duration);
        Assert.Null(cdr.RecordSequenceNumber);
        Assert.Equal("SGW-7:42:0", cdr.RecordKey);
    }

    [Fact]
    public void Hand_built_pgw_cdr_becomes_one_usage_record_per_rating_group()
    {
        Assert.True(GatewayCdrDecoder.TryDecode(PgwCdr(), out var cdr, out _));
        var usage = new List<MediatedUsage>();

        Assert.True(GatewayCdrUsage.TryConvert(cdr, new RecordSource("pgw.dat", 1), HomeIsUk, usage, out _));

        Assert.Collection(
            usage,
            rg10 =>
            {
                Assert.Equal("PGW-01:4294967294:2:10", rg10.RecordId);
                Assert.Equal("imsi", rg10.SimField);
                Assert.Equal("234150123456789", rg10.SimId);
                Assert.Equal(101_000m, rg10.Quantity); // 1,000 up + 100,000 down
                Assert.Equal(new DateTimeOffset(2024, 3, 15, 9, 31, 0, TimeSpan.Zero), rg10.Timestamp); // 10:31 +01:00
                Assert.Equal(TimeSpan.Zero, rg10.Timestamp.Offset);
                Assert.Equal(3600d, rg10.DurationSeconds);
                Assert.Equal("262-01", rg10.VisitedNetwork); // TAI in Germany, home is 234-15
            },
            rg300 =>
            {
                Assert.Equal("PGW-01:4294967294:2:300", rg300.RecordId);
                Assert.Equal(10_000_000m, rg300.Quantity); // 0 up + 10,000,000 down
                Assert.Equal(new DateTimeOffset(2024, 3, 15, 9, 30, 0, TimeSpan.Zero), rg300.Timestamp); // no timeOfFirstUsage: record opening
                Assert.Equal("DATA", rg300.Service);
                Assert.Equal("BYTES", rg300.Unit);
                Assert.Equal(new RecordSource("pgw.dat", 1), rg300.Source);
            });
    }

    [Fact]
    public void Hand_built_sgw_cdr_becomes_one_usage_record_per_traffic_volume()
    {
        Assert.True(GatewayCdrDecoder.TryDecode(SgwCdr(), out var cdr, out _));
        var usage = new List<MediatedUsage>();

        Assert.True(GatewayCdrUsage.TryConvert(cdr, new RecordSource("sgw.dat", 3), HomeIsUk, usage, out _));

        var record = Assert.Single(usage);
        Assert.Equal("SGW-7:42:0:0", record.RecordId);
        Assert.Equal(600m, record.Quantity); // 100 up + 500 down
        Assert.Equal(new DateTimeOffset(2024, 3, 16, 4, 59, 59, TimeSpan.Zero), record.Timestamp); // 23:59:59 -05:00
        Assert.Equal(3599d, record.DurationSeconds);
        Assert.Null(record.VisitedNetwork); // no location in the record
    }
}
