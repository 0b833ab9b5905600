using Microsoft.Extensions.Logging.Abstractions;
using NMcs.Api.Collection;
using NMcs.Mediation;
using NMcs.Mediation.Collection;
using NMcs.Mediation.Csv;
using NMcs.Storage;

namespace NMcs.IntegrationTests.Collection;

/// <summary>
/// The collector's file handling on a real folder and store, with a recording sink in place of rating (the whole
/// path through rating is in <c>FileCollectionTests</c>): claim, steps, archive, quarantine, resume.
/// </summary>
public sealed class CdrFileCollectorTests : IAsyncLifetime
{
    private const string Header = "seq,iccid,time,bytes";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nmcs-collector-" + Guid.NewGuid().ToString("N"));
    private SqliteDatabase _database = null!;
    private FileImportStore _imports = null!;

    private string Inbound => Path.Combine(_root, "inbound");

    private string Archive => Path.Combine(_root, "archive");

    private string Quarantine => Path.Combine(_root, "quarantine");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Inbound);
        _database = new SqliteDatabase(Path.Combine(_root, "data", "nmcs.db"));
        await _database.EnsureSchemaAsync();
        _imports = new FileImportStore(_database);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private static string Row(int seq) => $"{seq},8944500000000000014,2026-03-05T10:{seq % 60:D2}:00Z,{seq * 100}";

    private static string Csv(int rows, params string[] extra) =>
        string.Join('\n', new[] { Header }.Concat(Enumerable.Range(1, rows).Select(Row)).Concat(extra)) + "\n";

    private MediationOptions Options(int batchSize = 4) => new()
    {
        InboundFolder = Inbound,
        ArchiveFolder = Archive,
        QuarantineFolder = Quarantine,
        PollSeconds = 0.05,
        BatchSize = batchSize,
    };

    private static IReadOnlyList<ICdrFileFormat> Formats() =>
    [
        new CsvFileFormat(CsvUsageParser.Create(
            new CsvSourceMapping
            {
                Name = "pgw-csv",
                FilePatterns = ["pgw-*.csv"],
                SimKind = "iccid",
                Service = "DATA",
                Unit = "B",
                Columns = new CsvColumnMapping { RecordId = "{seq}", Sim = "iccid", Timestamp = "time", Quantity = "bytes" },
            },
            "NMcs:Mediation:Csv:Sources:0")),
    ];

    private async Task<(RecordingSink Sink, FileImportRecord Finished)> RunUntilFinishedAsync(Action drop, int batchSize = 4, RecordingSink? sink = null)
    {
        sink ??= new RecordingSink();
        var collector = new CdrFileCollector(Options(batchSize), Formats(), sink, _imports, TimeProvider.System, NullLogger<CdrFileCollector>.Instance);
        var finished = new TaskCompletionSource<FileImportRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        collector.FileFinished += record => finished.TrySetResult(record);
        await collector.StartAsync(CancellationToken.None);
        try
        {
            drop();
            return (sink, await finished.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_dropped_file_is_read_in_steps_reconciled_and_archived()
    {
        // 10 good rows and one bad (quantity "x"): steps of 4 records -> 4 + 4 + 3.
        var (sink, finished) = await RunUntilFinishedAsync(() => File.WriteAllText(Path.Combine(Inbound, "pgw-0001.csv"), Csv(10, "11,8944500000000000014,2026-03-05T10:11:00Z,x")));

        Assert.Equal([4, 4, 3], sink.Steps.Select(s => s.Usage.Count + s.Rejects.Count));
        Assert.Single(sink.BatchIds.Distinct());
        Assert.Equal(Enumerable.Range(1, 10).Select(i => "pgw-csv:" + i), sink.Steps.SelectMany(s => s.Usage).Select(u => u.RecordId));
        var reject = Assert.Single(sink.Steps.SelectMany(s => s.Rejects));
        // Sources name the physical line (the header is line 1); positions count data rows.
        Assert.Equal(new RecordSource("pgw-0001.csv", 12), reject.Source);
        Assert.Equal("archived", finished.Status);
        Assert.Equal(11, finished.Position);
        Assert.Equal(new FileImportCounts(11, 10, 1, 0, 0), finished.Counts);
        Assert.Equal("11 received = 10 rated + 1 rejected + 0 duplicates + 0 suspended", finished.Report);
        Assert.True(File.Exists(Path.Combine(Archive, "pgw-0001.csv")));
        Assert.Empty(Directory.GetFiles(Inbound));
        Assert.Empty(Directory.GetFiles(Path.Combine(Inbound, ".processing")));
    }

    [Fact]
    public async Task A_file_no_format_takes_is_quarantined_with_a_report_and_nothing_submitted()
    {
        var (sink, finished) = await RunUntilFinishedAsync(() => File.WriteAllText(Path.Combine(Inbound, "smsc-0001.csv"), Csv(3)));

        Assert.Empty(sink.Steps);
        Assert.Equal("quarantined", finished.Status);
        Assert.Contains("no CDR format takes the file name 'smsc-0001.csv'", finished.Report, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(Path.Combine(Quarantine, "smsc-0001.csv.report.txt"));
        Assert.Contains("FilePatterns", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Quarantine, "smsc-0001.csv")));
    }

    [Fact]
    public async Task A_header_that_does_not_fit_the_mapping_quarantines_the_file()
    {
        var (sink, finished) = await RunUntilFinishedAsync(() => File.WriteAllText(Path.Combine(Inbound, "pgw-0002.csv"), "seq,imsi,time,bytes\n1,234150000000001,2026-03-05T10:00:00Z,100\n"));

        Assert.Empty(sink.Steps);
        Assert.Equal("quarantined", finished.Status);
        Assert.Contains("iccid", finished.Report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_import_resumes_after_the_last_committed_step()
    {
        // A host stopped after committing records 1-4 of 10: the file is still in .processing, the store at 4.
        var processing = Path.Combine(Inbound, ".processing");
        Directory.CreateDirectory(processing);
        var path = Path.Combine(processing, "pgw-0003.csv");
        await File.WriteAllTextAsync(path, Csv(10));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path)));
        await _imports.BeginAsync("pgw-0003.csv", sha, "pgw-csv", DateTimeOffset.UnixEpoch);
        await _imports.ProgressAsync("pgw-0003.csv", sha, 4, new FileImportCounts(4, 4, 0, 0, 0));

        var (sink, finished) = await RunUntilFinishedAsync(() => { });

        Assert.Equal(Enumerable.Range(5, 6).Select(i => "pgw-csv:" + i), sink.Steps.SelectMany(s => s.Usage).Select(u => u.RecordId));
        Assert.Equal(new FileImportCounts(10, 10, 0, 0, 0), finished.Counts);
        Assert.Equal("archived", finished.Status);
    }

    [Fact]
    public async Task The_same_file_dropped_again_is_not_read_again()
    {
        await RunUntilFinishedAsync(() => File.WriteAllText(Path.Combine(Inbound, "pgw-0004.csv"), Csv(3)));

        var sink = new RecordingSink();
        var collector = new CdrFileCollector(Options(), Formats(), sink, _imports, TimeProvider.System, NullLogger<CdrFileCollector>.Instance);
        await collector.StartAsync(CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(Inbound, "pgw-0004.csv"), Csv(3));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetFiles(Archive).Length < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await collector.StopAsync(CancellationToken.None);
        Assert.Empty(sink.Steps);
        Assert.Equal(2, Directory.GetFiles(Archive).Length);
        Assert.Single(await _imports.ListAsync(null, "pgw-0004.csv", 10));
    }

    private sealed class RecordingSink : ICollectedUsageSink
    {
        public List<(IReadOnlyList<MediatedUsage> Usage, IReadOnlyList<SourceReject> Rejects)> Steps { get; } = [];

        public List<string> BatchIds { get; } = [];

        public Task<FileImportCounts> SubmitAsync(string fileName, string batchId, IReadOnlyList<CdrFileItem> items, CancellationToken cancellationToken)
        {
            var usage = items.Where(i => i.Usage is not null).Select(i => i.Usage!).ToList();
            var rejects = items.Where(i => i.Reject is not null).Select(i => i.Reject!).ToList();
            Steps.Add((usage, rejects));
            BatchIds.Add(batchId);
            return Task.FromResult(new FileImportCounts(usage.Count + rejects.Count, usage.Count, rejects.Count, 0, 0));
        }
    }
}
