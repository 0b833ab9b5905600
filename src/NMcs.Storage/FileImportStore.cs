using System.Data.Common;

namespace NMcs.Storage;

/// <summary>
/// CDR files taken by the collector and how far each got. A file is known by its name and content hash, so the same
/// file dropped again is recognised, and an import interrupted by a crash resumes after the last committed record.
/// Per file: received = rated + rejected + duplicate + suspended.
/// </summary>
public sealed class FileImportStore(NMcsDatabase database)
{
    /// <summary>Table statements, run with the core schema.</summary>
    internal static IReadOnlyList<string> Schema { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS file_imports (
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            status TEXT NOT NULL,
            position BIGINT NOT NULL,
            received BIGINT NOT NULL,
            rated BIGINT NOT NULL,
            rejected BIGINT NOT NULL,
            duplicates BIGINT NOT NULL,
            suspended BIGINT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            report TEXT NOT NULL,
            PRIMARY KEY (file_name, sha256))
        """,
        "CREATE INDEX IF NOT EXISTS ix_file_imports_started ON file_imports (started_at)",
    ];

    /// <summary>The file's import: the one begun earlier (to resume or finish) or a new one at position 0.</summary>
    public async Task<FileImportRecord> BeginAsync(string fileName, string sha256, string format, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var insert = NMcsDatabase.Command(
            connection,
            null,
            """
            INSERT INTO file_imports (file_name, sha256, format, status, position, received, rated, rejected, duplicates, suspended, started_at, finished_at, report)
            VALUES (@name, @sha, @format, 'importing', 0, 0, 0, 0, 0, 0, @now, NULL, '') ON CONFLICT (file_name, sha256) DO NOTHING
            """,
            ("@name", fileName),
            ("@sha", sha256),
            ("@format", format),
            ("@now", DbValues.Time(now))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await ReadAsync(connection, "WHERE file_name = @name AND sha256 = @sha", [("@name", fileName), ("@sha", sha256)], cancellationToken))[0];
    }

    /// <summary>Records that the file's records up to <paramref name="position"/> are committed, with their outcomes.</summary>
    public async Task ProgressAsync(string fileName, string sha256, long position, FileImportCounts delta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = NMcsDatabase.Command(
            connection,
            null,
            """
            UPDATE file_imports SET position = @position, received = received + @received, rated = rated + @rated, rejected = rejected + @rejected,
                duplicates = duplicates + @duplicates, suspended = suspended + @suspended
            WHERE file_name = @name AND sha256 = @sha AND position < @position
            """,
            ("@name", fileName),
            ("@sha", sha256),
            ("@position", position),
            ("@received", delta.Received),
            ("@rated", delta.Rated),
            ("@rejected", delta.Rejected),
            ("@duplicates", delta.Duplicates),
            ("@suspended", delta.Suspended));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends the import as <c>archived</c> (read to the end) or <c>quarantined</c> (could not be read), with a report.</summary>
    public async Task FinishAsync(string fileName, string sha256, string status, string report, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (status is not ("archived" or "quarantined"))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "an import ends archived or quarantined");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = NMcsDatabase.Command(
            connection,
            null,
            "UPDATE file_imports SET status = @status, report = @report, finished_at = @now WHERE file_name = @name AND sha256 = @sha",
            ("@name", fileName),
            ("@sha", sha256),
            ("@status", status),
            ("@report", report),
            ("@now", DbValues.Time(now)));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Imports, newest first, optionally of one status or file name.</summary>
    public async Task<IReadOnlyList<FileImportRecord>> ListAsync(string? status, string? fileName, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(
            connection,
            "WHERE (@status IS NULL OR status = @status) AND (@name IS NULL OR file_name = @name) ORDER BY started_at DESC, file_name LIMIT @limit",
            [("@status", status), ("@name", fileName), ("@limit", Math.Clamp(limit, 1, 1000))],
            cancellationToken);
    }

    private static async Task<List<FileImportRecord>> ReadAsync(DbConnection connection, string where, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        var list = new List<FileImportRecord>();
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT file_name, sha256, format, status, position, received, rated, rejected, duplicates, suspended, started_at, finished_at, report FROM file_imports " + where,
            parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new FileImportRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4),
                new FileImportCounts(reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)),
                DbValues.Time(reader.GetString(10)),
                reader.IsDBNull(11) ? null : DbValues.Time(reader.GetString(11)),
                reader.GetString(12)));
        }

        return list;
    }
}

/// <summary>Outcome counts of a file's records.</summary>
/// <param name="Received">Records read from the file (good and bad).</param>
/// <param name="Rated">Records rated and charged.</param>
/// <param name="Rejected">Records refused, each kept in the reject store with its reason.</param>
/// <param name="Duplicates">Records already accepted before (same record id): not charged again.</param>
/// <param name="Suspended">Records kept for re-rating (their tariff rule failed).</param>
public sealed record FileImportCounts(long Received, long Rated, long Rejected, long Duplicates, long Suspended)
{
    /// <summary>No records.</summary>
    public static FileImportCounts Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Sum of two counts.</summary>
    public FileImportCounts Add(FileImportCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Received + other.Received, Rated + other.Rated, Rejected + other.Rejected, Duplicates + other.Duplicates, Suspended + other.Suspended);
    }
}

/// <summary>One collected file.</summary>
/// <param name="FileName">Name as dropped.</param>
/// <param name="Sha256">Content hash (hex).</param>
/// <param name="Format">Format that read it (CSV source name or 3GPP).</param>
/// <param name="Status">importing, archived or quarantined.</param>
/// <param name="Position">Records committed so far (the resume point).</param>
/// <param name="Counts">Outcomes so far.</param>
/// <param name="StartedAt">When the import began.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Report">Why a file was quarantined, or a summary.</param>
public sealed record FileImportRecord(
    string FileName,
    string Sha256,
    string Format,
    string Status,
    long Position,
    FileImportCounts Counts,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Report);
