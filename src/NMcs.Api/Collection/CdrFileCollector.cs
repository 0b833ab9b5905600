using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NMcs.Grains;
using NMcs.Mediation.Collection;
using NMcs.Storage;
using Prometheus;

namespace NMcs.Api.Collection;

/// <summary>
/// Watches the inbound folder for CDR files and imports each one exactly once:
/// <list type="number">
/// <item>a file whose size stayed the same for one scan is claimed by moving it into <c>.processing</c> (an atomic
/// rename, so a file is never read while it is still being written nor by two collectors);</item>
/// <item>its records go to rating in steps of <see cref="MediationOptions.BatchSize"/>; after each step the position
/// and the outcome counts are committed (<see cref="FileImportStore"/>);</item>
/// <item>read to the end, it moves to the archive; a file that cannot be read at all (no format takes its name, a
/// broken header) moves to quarantine with a <c>.report.txt</c> beside it.</item>
/// </list>
/// A host killed half-way finds the file in <c>.processing</c> at its first scan and resumes after the last committed step;
/// records of the step that was in flight are sent again and come back as duplicates (their record ids are already in
/// the usage ledger), so nothing is charged twice.
/// </summary>
public sealed partial class CdrFileCollector(
    MediationOptions options,
    IReadOnlyList<ICdrFileFormat> formats,
    ICollectedUsageSink sink,
    FileImportStore imports,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock,
    ILogger<CdrFileCollector> logger) : BackgroundService
{
    private const string ProcessingFolder = ".processing";
    private static readonly Counter Files = Metrics.CreateCounter("nmcs_collector_files_total", "CDR files finished by the collector, by outcome (archived, quarantined).", "outcome");
    private static readonly Counter Records = Metrics.CreateCounter("nmcs_collector_records_total", "Records read from CDR files, by outcome (rated, rejected, duplicate, suspended).", "outcome");
    private readonly Dictionary<string, long> _seenSizes = new(StringComparer.Ordinal);

    /// <summary>Raised after each file is finished (tests wait on it).</summary>
    public event Action<FileImportRecord>? FileFinished;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.InboundFolder))
        {
            return;
        }

        var inbound = Path.GetFullPath(options.InboundFolder);
        var processing = Path.Combine(inbound, ProcessingFolder);
        Directory.CreateDirectory(processing);
        Directory.CreateDirectory(options.ArchivePath);
        Directory.CreateDirectory(options.QuarantinePath);
        LogWatching(inbound, options.ArchivePath, options.QuarantinePath);

        var poll = TimeSpan.FromSeconds(Math.Max(0.05, options.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(inbound, processing, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failing scan (a store briefly unavailable) is logged and retried at the next scan.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogScanFailed(e);
            }

            try
            {
                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ScanAsync(string inbound, string processing, CancellationToken cancellationToken)
    {
        // Files claimed earlier and not finished (a crash, or a step that failed, e.g. the store was unavailable) are
        // finished first, from their last committed step.
        foreach (var claimed in Directory.EnumerateFiles(processing).Order(StringComparer.Ordinal))
        {
            await ImportAsync(claimed, cancellationToken);
        }

        foreach (var path in Directory.EnumerateFiles(inbound).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".part", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Taken only when its size did not change since the previous scan: still being written otherwise.
            long size;
            try
            {
                size = new FileInfo(path).Length;
            }
            catch (IOException)
            {
                continue;
            }

            if (!_seenSizes.TryGetValue(name, out var before) || before != size)
            {
                _seenSizes[name] = size;
                continue;
            }

            _seenSizes.Remove(name);
            var claimed = Path.Combine(processing, name);
            if (File.Exists(claimed))
            {
                continue;
            }

            try
            {
                File.Move(path, claimed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another collector took it, or it is locked: leave it to the next scan.
                continue;
            }

            await ImportAsync(claimed, cancellationToken);
        }
    }

    /// <summary>Imports one claimed file to its end (or quarantine) and moves it out of <c>.processing</c>.</summary>
    internal async Task ImportAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var format = formats.FirstOrDefault(f => f.Matches(name));
        var sha256 = await HashAsync(path, cancellationToken);
        if (format is null)
        {
            var known = string.Join(", ", formats.Select(f => f.Name));
            await QuarantineAsync(path, name, sha256, "none", $"no CDR format takes the file name '{name}' (formats: {known}); add a CSV source whose FilePatterns match it under {MediationOptions.Section}:Csv:Sources, or for 3GPP files set {MediationOptions.Section}:HomePlmn and match {MediationOptions.Section}:CdrFilePatterns, then drop the file again.", cancellationToken);
            return;
        }

        var import = await imports.BeginAsync(name, sha256, format.Name, clock.GetUtcNow(), cancellationToken);
        if (import.Status != "importing")
        {
            // Finished before the host stopped, not yet moved.
            MoveOut(path, name, sha256, import.Status == "archived" ? options.ArchivePath : options.QuarantinePath);
            return;
        }

        if (import.Position > 0)
        {
            LogResuming(name, import.Position);
        }

        var total = import.Counts;
        var position = import.Position;
        var throttle = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0L;
        try
        {
            await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var step = new List<CdrFileItem>(options.BatchSize);
            foreach (var item in format.Read(name, content, import.Position))
            {
                // A step ends only between positions: the records of one source record (a CDR's containers) are
                // committed together, so resuming after a position never leaves half of one behind.
                if (step.Count >= options.BatchSize && item.Position != position)
                {
                    sent += step.Count;
                    total = total.Add(await CommitStepAsync(name, sha256, position, step, cancellationToken));
                    await ThrottleAsync(throttle.Elapsed, sent, cancellationToken);
                }

                step.Add(item);
                position = item.Position;
            }

            if (step.Count > 0)
            {
                total = total.Add(await CommitStepAsync(name, sha256, position, step, cancellationToken));
            }
        }
        catch (CdrFileRejectedException e)
        {
            var kept = total.Received > 0 ? $" The {total.Received} records before it were committed ({total.Rated} rated, {total.Rejected} rejected, {total.Duplicates} duplicates) and stay." : string.Empty;
            await QuarantineAsync(path, name, sha256, format.Name, $"file cannot be read after record {position}: {e.Message}.{kept} Fix the file and drop it again: records already taken come back as duplicates.", cancellationToken);
            return;
        }

        var report = string.Create(CultureInfo.InvariantCulture, $"{total.Received} received = {total.Rated} rated + {total.Rejected} rejected + {total.Duplicates} duplicates + {total.Suspended} suspended");
        await imports.FinishAsync(name, sha256, "archived", report, clock.GetUtcNow(), cancellationToken);
        MoveOut(path, name, sha256, options.ArchivePath);
        Files.WithLabels("archived").Inc();
        LogArchived(name, report);
        FileFinished?.Invoke((await imports.ListAsync(null, name, 1, cancellationToken))[0]);
    }

    private async Task<FileImportCounts> CommitStepAsync(string name, string sha256, long position, List<CdrFileItem> step, CancellationToken cancellationToken)
    {
        // Accepted data is never lost: the sink returns once the records are committed, and only then does the
        // file's position move past them. One reconciliation batch per file content, resumed or not.
        var counts = await sink.SubmitAsync(name, BatchId(sha256), step.ToList(), cancellationToken);
        await imports.ProgressAsync(name, sha256, position, counts, cancellationToken);
        Records.WithLabels("rated").Inc(counts.Rated);
        Records.WithLabels("rejected").Inc(counts.Rejected);
        Records.WithLabels("duplicate").Inc(counts.Duplicates);
        Records.WithLabels("suspended").Inc(counts.Suspended);
        step.Clear();
        return counts;
    }

    private async Task ThrottleAsync(TimeSpan elapsed, long sent, CancellationToken cancellationToken)
    {
        if (options.MaxRecordsPerSecond > 0)
        {
            var due = TimeSpan.FromSeconds((double)sent / options.MaxRecordsPerSecond);
            if (due > elapsed)
            {
                await Task.Delay(due - elapsed, cancellationToken);
            }
        }
    }

    /// <summary>The reconciliation batch of a file: <c>file-</c> and the first 16 hex digits of its SHA-256.</summary>
    public static string BatchId(string sha256) => "file-" + sha256[..16];

    private async Task QuarantineAsync(string path, string name, string sha256, string format, string reason, CancellationToken cancellationToken)
    {
        await imports.BeginAsync(name, sha256, format, clock.GetUtcNow(), cancellationToken);
        await imports.FinishAsync(name, sha256, "quarantined", reason, clock.GetUtcNow(), cancellationToken);
        var target = MoveOut(path, name, sha256, options.QuarantinePath);
        await File.WriteAllTextAsync(target + ".report.txt", $"{name} (sha256 {sha256})\n{reason}\n", cancellationToken);
        Files.WithLabels("quarantined").Inc();
        LogQuarantined(name, reason);
        FileFinished?.Invoke((await imports.ListAsync(null, name, 1, cancellationToken))[0]);
    }

    private static string MoveOut(string path, string name, string sha256, string folder)
    {
        // A second file of the same name keeps both: the later one gets its content hash in its name.
        var target = Path.Combine(folder, name);
        if (File.Exists(target))
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}.{sha256[..12]}{Path.GetExtension(name)}");
        }

        File.Move(path, target, overwrite: true);
        return target;
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var content = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CDR collector watching {Inbound} (archive {Archive}, quarantine {Quarantine})")]
    private partial void LogWatching(string inbound, string archive, string quarantine);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDR file {File} was interrupted; resuming after record {Position}")]
    private partial void LogResuming(string file, long position);

    [LoggerMessage(Level = LogLevel.Information, Message = "CDR file {File} archived: {Report}")]
    private partial void LogArchived(string file, string report);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDR file {File} quarantined: {Reason}")]
    private partial void LogQuarantined(string file, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "CDR collector scan failed; retrying at the next scan")]
    private partial void LogScanFailed(Exception error);
}
