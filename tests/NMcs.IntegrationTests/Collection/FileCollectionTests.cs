using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using NMcs.IntegrationTests.Http;
using NMcs.Mediation.Cdr;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Collection;

/// <summary>
/// CDR files dropped into a real host's inbound folder: rated through the ingestion pipeline, rejects stored,
/// archived; and a host killed with SIGKILL half-way through a file resumes it without charging anything twice.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class FileCollectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Iccid = TestData.IccidWithCheckDigit("894450010219830610");
    private static readonly string UnknownIccid = TestData.IccidWithCheckDigit("894450010219830619");
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folders = Path.Combine(Path.GetTempPath(), "nmcs-files-" + Guid.NewGuid().ToString("N"));
    private HostProcess? _host;

    private string Inbound => Path.Combine(_folders, "inbound");

    private string Archive => Path.Combine(_folders, "archive");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            output.WriteLine(_host.LogTail(20_000));
            await _host.DisposeAsync();
        }

        if (Directory.Exists(_folders))
        {
            Directory.Delete(_folders, recursive: true);
        }
    }

    private async Task<HostProcess> StartAsync(int batchSize, int maxRecordsPerSecond, params string[] more)
    {
        _host = await HostProcess.StartAsync(HostOptions.WithTestClock with
        {
            Arguments =
            [
                "--NMcs:Mediation:InboundFolder=" + Inbound,
                "--NMcs:Mediation:ArchiveFolder=" + Archive,
                "--NMcs:Mediation:QuarantineFolder=" + Path.Combine(_folders, "quarantine"),
                "--NMcs:Mediation:PollSeconds=0.1",
                "--NMcs:Mediation:BatchSize=" + batchSize.ToString(CultureInfo.InvariantCulture),
                "--NMcs:Mediation:MaxRecordsPerSecond=" + maxRecordsPerSecond.ToString(CultureInfo.InvariantCulture),
                "--NMcs:Mediation:Csv:Sources:0:Name=pgw-csv",
                "--NMcs:Mediation:Csv:Sources:0:FilePatterns:0=pgw-*.csv",
                "--NMcs:Mediation:Csv:Sources:0:SimKind=iccid",
                "--NMcs:Mediation:Csv:Sources:0:Service=DATA",
                "--NMcs:Mediation:Csv:Sources:0:Unit=MB",
                "--NMcs:Mediation:Csv:Sources:0:Columns:RecordId={seq}",
                "--NMcs:Mediation:Csv:Sources:0:Columns:Sim=iccid",
                "--NMcs:Mediation:Csv:Sources:0:Columns:Timestamp=time",
                "--NMcs:Mediation:Csv:Sources:0:Columns:Quantity=mb",
                .. more,
            ],
        });
        var host = _host;
        await host.QueryAsync("""
            mutation { createCustomer(input: { id: "FILES", name: "File Feeds GmbH", currency: "EUR", timeZone: "UTC" }) { id } }
            """);
        await host.QueryAsync("""
            mutation { createProduct(input: {
              id: "IOT-FILE", name: "IoT file plan", currency: "EUR", monthlyFee: 0, activationFee: 0,
              usageCharges: [ { serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.01, includedUnits: 100 } ] }) { id } }
            """);
        await host.QueryAsync("mutation ($i: String!) { registerSim(input: { iccid: $i, imsi: \"262019000006101\", msisdn: \"4915190006101\" }) { iccid } }", new { i = Iccid });
        await host.QueryAsync("mutation ($i: String!) { assignSim(iccid: $i, customerId: \"FILES\") { status } }", new { i = Iccid });
        await host.QueryAsync("mutation ($i: String!) { activateSim(iccid: $i, productId: \"IOT-FILE\") { status } }", new { i = Iccid });
        await host.QueryAsync("mutation ($to: DateTimeOffset!) { advanceClock(to: $to) { now } }", new { to = TestData.Iso(Now) });
        return host;
    }

    /// <summary>Rows seq 1..rows of <paramref name="mb"/> MB each on the SIM, minutes apart from 2 March.</summary>
    private static StringBuilder Rows(int rows, int mb)
    {
        var csv = new StringBuilder("seq,iccid,time,mb\n");
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{Iccid},{TestData.Iso(start.AddMinutes(i))},{mb}\n");
        }

        return csv;
    }

    /// <summary>Writes under a temporary name and renames, as a network element should.</summary>
    private void Drop(string name, string content)
    {
        Directory.CreateDirectory(Inbound);
        var temp = Path.Combine(Inbound, name + ".part");
        File.WriteAllText(temp, content);
        File.Move(temp, Path.Combine(Inbound, name));
    }

    private static async Task<JsonElement?> ImportAsync(HostProcess host, string name)
    {
        var data = await host.QueryAsync(
            "query ($f: String!) { fileImports(fileName: $f) { status position received rated rejected duplicates suspended batchId report } }", new { f = name });
        var list = data.At("fileImports").EnumerateArray().ToList();
        return list.Count == 0 ? null : list[0];
    }

    private static async Task<JsonElement> WaitFinishedAsync(HostProcess host, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await ImportAsync(host, name) is { } import && import.Str("status") != "importing")
            {
                return import;
            }

            await Task.Delay(100);
        }

        throw host.Failure($"file {name} was not finished within 90 s");
    }

    private static async Task<(long Records, decimal Amount)> ChargesAsync(HostProcess host)
    {
        var data = await host.QueryAsync("{ customer(id: \"FILES\") { account { realTimeCharges { ratedRecords unbilledUsageAmount } } } }");
        return (data.At("customer", "account", "realTimeCharges", "ratedRecords").GetInt64(), data.Dec("customer", "account", "realTimeCharges", "unbilledUsageAmount"));
    }

    [Fact]
    public async Task A_csv_file_is_rated_its_bad_rows_are_kept_as_rejects_and_it_is_archived()
    {
        var host = await StartAsync(batchSize: 50, maxRecordsPerSecond: 0);

        // 200 rows of 2 MB = 400 MB; 100 MB included, 300 MB x 0.01 = 3.00 EUR.
        // Line 202: a SIM nobody registered; line 203: a quantity that is not a number.
        var csv = Rows(200, 2)
            .Append(CultureInfo.InvariantCulture, $"201,{UnknownIccid},2026-03-10T00:00:00Z,5\n")
            .Append(CultureInfo.InvariantCulture, $"202,{Iccid},2026-03-10T00:01:00Z,five\n");
        Drop("pgw-0001.csv", csv.ToString());

        var import = await WaitFinishedAsync(host, "pgw-0001.csv");
        Assert.Equal("archived", import.Str("status"));
        Assert.Equal((202L, 200L, 2L, 0L), (import.At("received").GetInt64(), import.At("rated").GetInt64(), import.At("rejected").GetInt64(), import.At("duplicates").GetInt64()));
        Assert.Equal("202 received = 200 rated + 2 rejected + 0 duplicates + 0 suspended", import.Str("report"));
        Assert.Equal((200L, 3.00m), await ChargesAsync(host));
        Assert.True(File.Exists(Path.Combine(Archive, "pgw-0001.csv")));

        // Both bad rows are in the reject store with the file, the line and the reason.
        var rejects = await host.QueryAsync("{ rejectedUsage(source: \"pgw-0001.csv\") { position field reason } }");
        var byPosition = rejects.At("rejectedUsage").EnumerateArray().ToDictionary(r => r.At("position").GetInt64());
        Assert.Equal([202L, 203L], byPosition.Keys.Order());
        Assert.Contains("not a registered SIM", byPosition[202].Str("reason"), StringComparison.Ordinal);
        Assert.Equal("quantity", byPosition[203].Str("field"));

        // The reconciliation batch of the file adds up the same way.
        var batch = await host.QueryAsync("query ($b: ID!) { ingestBatch(id: $b) { sourceKind source received rated rejected duplicate } }", new { b = import.Str("batchId") });
        Assert.Equal(("file", "pgw-0001.csv", 202L, 200L, 2L, 0L), (batch.Str("ingestBatch", "sourceKind"), batch.Str("ingestBatch", "source"), batch.At("ingestBatch", "received").GetInt64(), batch.At("ingestBatch", "rated").GetInt64(), batch.At("ingestBatch", "rejected").GetInt64(), batch.At("ingestBatch", "duplicate").GetInt64()));

        // Dropped again: known by name and content, archived without being read; nothing is charged twice.
        Drop("pgw-0001.csv", csv.ToString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetFiles(Archive).Length < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, Directory.GetFiles(Archive).Length);
        Assert.Equal((200L, 3.00m), await ChargesAsync(host));
    }

    [Fact]
    public async Task A_host_killed_half_way_through_a_file_resumes_it_and_the_totals_equal_a_clean_run()
    {
        // 6,000 rows of 1 MB, read at most 1,500 records/s in steps of 100: about 4 s, long enough to kill mid-file.
        // Clean-run total: 6,000 MB - 100 MB included = 5,900 MB x 0.01 = 59.00 EUR over 6,000 rated records.
        var host = await StartAsync(batchSize: 100, maxRecordsPerSecond: 1_500);
        Drop("pgw-0002.csv", Rows(6_000, 1).ToString());

        long position = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (position < 1_000 && DateTime.UtcNow < deadline)
        {
            position = (await ImportAsync(host, "pgw-0002.csv"))?.At("position").GetInt64() ?? 0;
            await Task.Delay(20);
        }

        Assert.InRange(position, 1_000, 5_999);
        host.Kill();
        await host.RestartAsync();

        var import = await WaitFinishedAsync(host, "pgw-0002.csv");
        Assert.Equal("archived", import.Str("status"));
        Assert.Contains("resuming after record", host.LogTail(200_000), StringComparison.Ordinal);
        // Every row is counted once in the file's reconciliation; the step in flight at the kill comes back as
        // duplicates (already rated before the kill), never as a second charge.
        Assert.Equal(6_000L, import.At("received").GetInt64());
        Assert.Equal(6_000L, import.At("rated").GetInt64() + import.At("duplicates").GetInt64());
        Assert.Equal(0L, import.At("rejected").GetInt64());
        Assert.Equal((6_000L, 59.00m), await ChargesAsync(host));
    }

    [Fact]
    public async Task A_3gpp_cdr_file_is_rated_per_rating_group_and_a_repeated_cdr_is_a_duplicate()
    {
        var host = await StartAsync(batchSize: 100, maxRecordsPerSecond: 0, "--NMcs:Mediation:HomePlmn=262-01");
        const long MB = 1_048_576;

        // Session 0x51 on pgw-fra-1, two partial CDRs (sequence 1 and 2):
        //   CDR 1: rating group 10: 40 MB up + 20 MB down = 60 MB; rating group 20: 50 MB down -> 110 MB
        //   CDR 2: rating group 10: 20 MB down                                              ->  20 MB
        // 130 MB in all; 100 MB included; 30 MB x 0.01 = 0.30 EUR over 3 rated usage records.
        GatewayCdr Cdr(long sequence, params (long RatingGroup, long Up, long Down)[] groups) => new()
        {
            Kind = GatewayCdrKind.Pgw,
            ServedImsi = "262019000006101",
            GatewayAddress = IPAddress.Parse("192.0.2.10"),
            ChargingId = 0x51,
            AccessPointNameNI = "m2m.example",
            RecordOpeningTime = new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero),
            Duration = 600,
            CauseForRecordClosing = 16,
            RecordSequenceNumber = sequence,
            NodeId = "pgw-fra-1",
            ServingNodePlmnId = PlmnId.Parse("262-01"),
            ServiceData = groups.Select(g => new ServiceDataContainer { RatingGroup = (uint)g.RatingGroup, DataVolumeUplink = g.Up, DataVolumeDownlink = g.Down }).ToList(),
        };

        var header = new CdrFileHeader
        {
            FileOpeningTimestamp = CdrFileTimestamp.From(new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero)),
            LastCdrAppendedTimestamp = CdrFileTimestamp.From(new DateTimeOffset(2026, 3, 5, 10, 15, 0, TimeSpan.Zero)),
            NodeAddress = IPAddress.Parse("192.0.2.10"),
        };
        var first = CdrFileWriter.Write(header with { FileSequenceNumber = 1 }, [Cdr(1, (10, 40 * MB, 20 * MB), (20, 0, 50 * MB)), Cdr(2, (10, 0, 20 * MB))]);
        Directory.CreateDirectory(Inbound);
        await File.WriteAllBytesAsync(Path.Combine(Inbound, "pgw-fra-1-0001.cdr.part"), first);
        File.Move(Path.Combine(Inbound, "pgw-fra-1-0001.cdr.part"), Path.Combine(Inbound, "pgw-fra-1-0001.cdr"));

        var import = await WaitFinishedAsync(host, "pgw-fra-1-0001.cdr");
        Assert.True(import.Str("status") == "archived", import.Str("report"));
        Assert.Equal((3L, 3L, 0L), (import.At("received").GetInt64(), import.At("rated").GetInt64(), import.At("rejected").GetInt64()));
        Assert.Equal((3L, 0.30m), await ChargesAsync(host));

        // The element sends CDR 2 again in its next file, with a new CDR 3 (rating group 10: 10 MB -> +0.10 EUR).
        var second = CdrFileWriter.Write(header with { FileSequenceNumber = 2 }, [Cdr(2, (10, 0, 20 * MB)), Cdr(3, (10, 10 * MB, 0))]);
        await File.WriteAllBytesAsync(Path.Combine(Inbound, "pgw-fra-1-0002.cdr.part"), second);
        File.Move(Path.Combine(Inbound, "pgw-fra-1-0002.cdr.part"), Path.Combine(Inbound, "pgw-fra-1-0002.cdr"));

        import = await WaitFinishedAsync(host, "pgw-fra-1-0002.cdr");
        Assert.Equal((2L, 1L, 1L), (import.At("received").GetInt64(), import.At("rated").GetInt64(), import.At("duplicates").GetInt64()));
        Assert.Equal((4L, 0.40m), await ChargesAsync(host));
    }
}
