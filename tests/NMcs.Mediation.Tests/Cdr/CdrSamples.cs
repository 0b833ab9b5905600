using System.Net;
using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Tests.Cdr;

/// <summary>Model records for encoder-based tests.</summary>
internal static class CdrSamples
{
    public static readonly DateTimeOffset Opened = new(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));

    public static GatewayCdr Pgw(long sequence = 1, uint chargingId = 0x8000_0001) => new()
    {
        Kind = GatewayCdrKind.Pgw,
        ServedImsi = "262019876543210",
        ServedMsisdn = "4915112345678",
        ServedImei = "353490069873351",
        GatewayAddress = IPAddress.Parse("192.0.2.10"),
        ChargingId = chargingId,
        ServingNodeAddresses = [IPAddress.Parse("198.51.100.7"), IPAddress.Parse("2001:db8:5::7")],
        AccessPointNameNI = "m2m.example",
        ServedPdpPdnAddress = IPAddress.Parse("100.64.12.34"),
        RecordOpeningTime = Opened,
        Duration = 900,
        CauseForRecordClosing = 17,
        RecordSequenceNumber = sequence,
        NodeId = "pgw-fra-1",
        LocalSequenceNumber = 7001,
        ServingNodePlmnId = PlmnId.Parse("262-01"),
        RatType = 8,
        UserLocation = new UserLocationInformation
        {
            TrackingArea = new TrackingAreaIdentity(PlmnId.Parse("262-01"), 0x1234),
            EutranCell = new EutranCellGlobalId(PlmnId.Parse("262-01"), 0x0ABCDEF),
        },
        ServiceData =
        [
            new ServiceDataContainer
            {
                RatingGroup = 10,
                ChargingRuleBaseName = "iot-default",
                ResultCode = 2001,
                LocalSequenceNumber = 1,
                TimeOfFirstUsage = Opened.AddSeconds(5),
                TimeOfLastUsage = Opened.AddSeconds(600),
                TimeUsage = 595,
                ServiceConditionChange = (1u << 3) | (1u << 4),
                DataVolumeUplink = 12_345,
                DataVolumeDownlink = 67_890,
                TimeOfReport = Opened.AddSeconds(900),
                ServiceIdentifier = 1,
                RatType = 8,
            },
            new ServiceDataContainer
            {
                RatingGroup = 4_000_000_000,
                DataVolumeUplink = 5_000_000_000,
                DataVolumeDownlink = 1,
                UserLocation = new UserLocationInformation
                {
                    LocationArea = new LocationAreaIdentity(PlmnId.Parse("310-260"), 0x00FE),
                },
            },
            new ServiceDataContainer { RatingGroup = 20, DataVolumeUplink = 0, DataVolumeDownlink = 0 },
        ],
    };

    public static GatewayCdr Sgw(long sequence = 1) => new()
    {
        Kind = GatewayCdrKind.Sgw,
        ServedImsi = "23415000000001",
        GatewayAddress = IPAddress.Parse("2001:db8::42"),
        ChargingId = 77,
        ServingNodeAddresses = [IPAddress.Parse("203.0.113.1")],
        AccessPointNameNI = "iot",
        ServedPdpPdnAddress = IPAddress.Parse("2001:db8:ffff::1"),
        RecordOpeningTime = Opened,
        Duration = 120,
        CauseForRecordClosing = 0,
        RecordSequenceNumber = sequence,
        NodeId = "sgw-lon-2",
        ServingNodePlmnId = PlmnId.Parse("234-15"),
        RatType = 6,
        TrafficVolumes =
        [
            new TrafficVolumeContainer
            {
                DataVolumeUplink = 1_000,
                DataVolumeDownlink = 2_000,
                ChangeCondition = 11,
                ChangeTime = Opened.AddSeconds(60),
                UserLocation = new UserLocationInformation { TrackingArea = new TrackingAreaIdentity(PlmnId.Parse("234-15"), 7) },
                ChargingId = 77,
                RatType = 6,
            },
            new TrafficVolumeContainer
            {
                DataVolumeUplink = 30,
                DataVolumeDownlink = 40,
                ChangeCondition = 2,
                ChangeTime = Opened.AddSeconds(120),
                UserLocation = new UserLocationInformation { TrackingArea = new TrackingAreaIdentity(PlmnId.Parse("208-10"), 9) },
            },
        ],
    };

    public static CdrFileHeader FileHeader() => new()
    {
        FileOpeningTimestamp = CdrFileTimestamp.From(Opened),
        LastCdrAppendedTimestamp = CdrFileTimestamp.From(Opened.AddMinutes(15)),
        FileSequenceNumber = 4711,
        ClosureTriggerReason = 2,
        NodeAddress = IPAddress.Parse("192.0.2.99"),
        RouteingFilter = new byte[] { 1, 2, 3 },
        PrivateExtension = new byte[] { 0xAA },
    };

    /// <summary>A file of PGW and SGW partial records: 6 CDRs.</summary>
    public static byte[] File() =>
        CdrFileWriter.Write(FileHeader(), [Pgw(1), Sgw(1), Pgw(2), Sgw(2), Pgw(3), Sgw(3)]);
}
