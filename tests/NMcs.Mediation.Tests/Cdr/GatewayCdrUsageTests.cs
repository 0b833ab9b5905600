using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Tests.Cdr;

public class GatewayCdrUsageTests
{
    private static readonly CdrDecoderOptions HomeIsTelekom = new(PlmnId.Parse("262-01"));

    [Fact]
    public void Pgw_service_data_becomes_one_record_per_rating_group_with_hand_computed_quantities()
    {
        var usage = Convert(CdrSamples.Pgw(sequence: 4));

        Assert.Equal(3, usage.Count);

        // RG 10: 12,345 up + 67,890 down = 80,235 octets; starts at timeOfFirstUsage 12:00:05 +02:00 = 10:00:05 UTC;
        // its timeUsage (595 s) is the duration; located by the record's TAI in 262-01, which is home.
        Assert.Equal("pgw-fra-1:2147483649:4:10", usage[0].RecordId);
        Assert.Equal(80_235m, usage[0].Quantity);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 5, TimeSpan.Zero), usage[0].Timestamp);
        Assert.Equal(595d, usage[0].DurationSeconds);
        Assert.Null(usage[0].VisitedNetwork);

        // RG 4,000,000,000: 5,000,000,000 up + 1 down = 5,000,000,001 octets (beyond 32 bits); no timeOfFirstUsage, so
        // the record opening 12:00:00 +02:00 = 10:00:00 UTC; no timeUsage, so the record's 900 s; its own ULI says
        // 310-260.
        Assert.Equal("pgw-fra-1:2147483649:4:4000000000", usage[1].RecordId);
        Assert.Equal(5_000_000_001m, usage[1].Quantity);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), usage[1].Timestamp);
        Assert.Equal(900d, usage[1].DurationSeconds);
        Assert.Equal("310-260", usage[1].VisitedNetwork);

        // RG 20: 0 + 0 = 0 octets, still reported so the container is accounted for.
        Assert.Equal("pgw-fra-1:2147483649:4:20", usage[2].RecordId);
        Assert.Equal(0m, usage[2].Quantity);

        Assert.All(usage, u =>
        {
            Assert.Equal("imsi", u.SimField);
            Assert.Equal("262019876543210", u.SimId);
            Assert.Equal("DATA", u.Service);
            Assert.Equal("BYTES", u.Unit);
            Assert.Equal(TimeSpan.Zero, u.Timestamp.Offset);
            Assert.Equal(new RecordSource("f.dat", 9), u.Source);
        });
    }

    [Fact]
    public void Sgw_traffic_volumes_become_one_record_per_container()
    {
        var usage = Convert(CdrSamples.Sgw(sequence: 2));

        Assert.Equal(2, usage.Count);

        // Container 0: 1,000 up + 2,000 down = 3,000; changeTime 12:01:00 +02:00 = 10:01:00 UTC; TAI in 234-15.
        Assert.Equal("sgw-lon-2:77:2:0", usage[0].RecordId);
        Assert.Equal(3_000m, usage[0].Quantity);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 1, 0, TimeSpan.Zero), usage[0].Timestamp);
        Assert.Equal("234-15", usage[0].VisitedNetwork);
        Assert.Equal(120d, usage[0].DurationSeconds);

        // Container 1: 30 + 40 = 70; changeTime 12:02:00 +02:00 = 10:02:00 UTC; TAI in 208-10.
        Assert.Equal("sgw-lon-2:77:2:1", usage[1].RecordId);
        Assert.Equal(70m, usage[1].Quantity);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 2, 0, TimeSpan.Zero), usage[1].Timestamp);
        Assert.Equal("208-10", usage[1].VisitedNetwork);
    }

    [Fact]
    public void Partial_records_of_one_session_get_distinct_ids()
    {
        var ids = new[] { 1L, 2L, 3L }
            .SelectMany(sequence => Convert(CdrSamples.Pgw(sequence)))
            .Select(u => u.RecordId)
            .ToList();

        Assert.Equal(9, ids.Count); // 3 partial records x 3 rating groups
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("pgw-fra-1:2147483649:1:10", ids);
        Assert.Contains("pgw-fra-1:2147483649:2:10", ids);
        Assert.Contains("pgw-fra-1:2147483649:3:10", ids);
        Assert.Equal(
            ["pgw-fra-1:2147483649:1", "pgw-fra-1:2147483649:2", "pgw-fra-1:2147483649:3"],
            new[] { 1L, 2L, 3L }.Select(sequence => CdrSamples.Pgw(sequence).RecordKey));
    }

    [Fact]
    public void Decoding_the_same_file_twice_yields_the_same_ids()
    {
        var decoder = new CdrFileDecoder(HomeIsTelekom);
        var file = CdrSamples.File();

        var first = decoder.Decode("a.dat", file).Usage.Select(u => u.RecordId).ToList();
        var second = decoder.Decode("a.dat", file).Usage.Select(u => u.RecordId).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count()); // 3 PGW x 3 RGs + 3 SGW x 2 containers = 15
        Assert.Equal(15, first.Count);
    }

    [Fact]
    public void Repeated_rating_group_in_one_record_gets_an_occurrence_suffix()
    {
        var cdr = CdrSamples.Pgw() with
        {
            ServiceData =
            [
                new ServiceDataContainer { RatingGroup = 10, DataVolumeUplink = 1 },   // before a tariff switch
                new ServiceDataContainer { RatingGroup = 10, DataVolumeDownlink = 2 }, // after it
                new ServiceDataContainer { RatingGroup = 11 },
            ],
        };

        Assert.Equal(
            ["pgw-fra-1:2147483649:1:10", "pgw-fra-1:2147483649:1:10.2", "pgw-fra-1:2147483649:1:11"],
            Convert(cdr).Select(u => u.RecordId));
    }

    [Fact]
    public void Pgw_cdr_without_service_data_uses_its_traffic_volumes()
    {
        var cdr = CdrSamples.Pgw() with { ServiceData = [], TrafficVolumes = CdrSamples.Sgw().TrafficVolumes };

        var usage = Convert(cdr);

        Assert.Equal([3_000m, 70m], usage.Select(u => u.Quantity)); // 1,000 + 2,000 and 30 + 40
        Assert.Equal(["pgw-fra-1:2147483649:1:0", "pgw-fra-1:2147483649:1:1"], usage.Select(u => u.RecordId));
    }

    [Fact]
    public void Msisdn_names_the_sim_when_there_is_no_imsi()
    {
        var usage = Convert(CdrSamples.Pgw() with { ServedImsi = null });

        Assert.All(usage, u => Assert.Equal(("msisdn", "4915112345678"), (u.SimField, u.SimId)));
    }

    [Fact]
    public void Record_without_imsi_or_msisdn_is_rejected()
    {
        var usage = new List<MediatedUsage>();

        Assert.False(GatewayCdrUsage.TryConvert(
            CdrSamples.Pgw() with { ServedImsi = null, ServedMsisdn = null }, new RecordSource("f.dat", 1), HomeIsTelekom, usage, out var error));

        Assert.Empty(usage);
        Assert.Equal("servedIMSI", error.Field);
        Assert.Equal("neither servedIMSI nor servedMSISDN is present, so the SIM cannot be identified", error.Reason);
    }

    [Fact]
    public void Visited_network_falls_back_from_location_to_serving_node_plmn()
    {
        var noLocation = CdrSamples.Pgw() with
        {
            UserLocation = null,
            ServingNodePlmnId = PlmnId.Parse("208-10"),
            ServiceData = [new ServiceDataContainer { RatingGroup = 1 }],
        };

        Assert.Equal("208-10", Assert.Single(Convert(noLocation)).VisitedNetwork);
        Assert.Null(Assert.Single(Convert(noLocation with { ServingNodePlmnId = null })).VisitedNetwork);
    }

    [Fact]
    public void Equivalent_home_plmns_are_not_roaming()
    {
        var options = HomeIsTelekom with { EquivalentHomePlmns = [PlmnId.Parse("310-260")] };
        var usage = new List<MediatedUsage>();

        Assert.True(GatewayCdrUsage.TryConvert(CdrSamples.Pgw(), new RecordSource("f.dat", 1), options, usage, out _));

        Assert.All(usage, u => Assert.Null(u.VisitedNetwork)); // 262-01 is home, 310-260 equivalent
    }

    private static List<MediatedUsage> Convert(GatewayCdr cdr)
    {
        var usage = new List<MediatedUsage>();
        Assert.True(GatewayCdrUsage.TryConvert(cdr, new RecordSource("f.dat", 9), HomeIsTelekom, usage, out var error), error.ToString());
        return usage;
    }
}
