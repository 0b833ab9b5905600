using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// Bill runs and their progress. Starting a run checks, in the same transaction as the insert, that no running run
/// covers any of the same payers, so two runs never bill one payer at the same time.
/// </summary>
public sealed class BillRunStore(NMcsDatabase database)
{
    private const string RunCounter = "bill_run_number";

    /// <summary>Registers a running run for <paramref name="scope"/>; refused while an overlapping run is running.</summary>
    public async Task<BillRunRecord> StartAsync(BillRunScope scope, int payers, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var running in await ReadAsync(connection, transaction, "WHERE status = 'running' ORDER BY run_id", [], cancellationToken))
        {
            if (BillRunScope.Parse(running.Scope).Overlaps(scope))
            {
                throw new DomainException(
                    "BILL_RUN_IN_PROGRESS",
                    scope.Field,
                    $"bill run {running.RunId} ({running.Scope}) is still running and covers payers of {scope}; wait for it to finish (billRun query) before starting another.");
            }
        }

        await using (var bump = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO counters (name, value) VALUES (@name, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
            ("@name", RunCounter)))
        {
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence;
        await using (var read = NMcsDatabase.Command(connection, transaction, "SELECT value FROM counters WHERE name = @name", ("@name", RunCounter)))
        {
            sequence = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var record = new BillRunRecord(string.Create(CultureInfo.InvariantCulture, $"BR-{sequence:D6}"), scope.ToString(), "running", now, null, payers, 0, 0, 0, string.Empty);
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO bill_runs (run_id, scope, status, started_at, finished_at, payers, invoiced, skipped, failed, report) VALUES (@id, @scope, @status, @started, NULL, @payers, 0, 0, 0, '')",
            ("@id", record.RunId),
            ("@scope", record.Scope),
            ("@status", record.Status),
            ("@started", DbValues.Time(now)),
            ("@payers", payers)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>Records progress (and, with <paramref name="finishedAt"/>, the end) of a run.</summary>
    public async Task UpdateAsync(string runId, string status, int invoiced, int skipped, int failed, string report, DateTimeOffset? finishedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "UPDATE bill_runs SET status = @status, invoiced = @invoiced, skipped = @skipped, failed = @failed, report = @report, finished_at = @finished WHERE run_id = @id",
            ("@id", runId),
            ("@status", status),
            ("@invoiced", invoiced),
            ("@skipped", skipped),
            ("@failed", failed),
            ("@report", report),
            ("@finished", finishedAt is { } at ? DbValues.Time(at) : DBNull.Value));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One run, or null.</summary>
    public async Task<BillRunRecord?> FindAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await ReadAsync(connection, null, "WHERE run_id = @id", [("@id", runId)], cancellationToken)).FirstOrDefault();
    }

    /// <summary>Runs still marked running (after a restart: the ones to resume), oldest first.</summary>
    public async Task<IReadOnlyList<BillRunRecord>> RunningAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, "WHERE status = 'running' ORDER BY run_id", [], cancellationToken);
    }

    /// <summary>The latest runs, newest first.</summary>
    public async Task<IReadOnlyList<BillRunRecord>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, "ORDER BY run_id DESC LIMIT @limit", [("@limit", limit)], cancellationToken);
    }

    private static async Task<List<BillRunRecord>> ReadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string tail, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT run_id, scope, status, started_at, finished_at, payers, invoiced, skipped, failed, report FROM bill_runs " + tail,
            parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<BillRunRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new BillRunRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DbValues.Time(reader.GetString(3)),
                reader.IsDBNull(4) ? null : DbValues.Time(reader.GetString(4)),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetInt32(7),
                reader.GetInt32(8),
                reader.GetString(9)));
        }

        return runs;
    }
}

/// <summary>A bill run as stored.</summary>
/// <param name="RunId">BR-000001, ...</param>
/// <param name="Scope">Which payers: <c>all</c>, <c>cycle:monthly</c> or <c>payer:ACME-PAYER@monthly</c>.</param>
/// <param name="Status">running, completed or completedWithErrors.</param>
/// <param name="StartedAt">Platform time at start.</param>
/// <param name="FinishedAt">Platform time at the end, while running null.</param>
/// <param name="Payers">Payers in scope.</param>
/// <param name="Invoiced">Payers whose period is invoiced (now or by an earlier attempt of the run).</param>
/// <param name="Skipped">Payers with nothing to bill (created after the period ended).</param>
/// <param name="Failed">Payers whose bill run failed, with reasons in <paramref name="Report"/>.</param>
/// <param name="Report">One line per failure (payer: reason).</param>
public sealed record BillRunRecord(string RunId, string Scope, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Payers, int Invoiced, int Skipped, int Failed, string Report);

/// <summary>Which payers a bill run covers: one payer, a cycle group (all payers on one billing cycle), or all.</summary>
/// <param name="Kind">all, cycle or payer.</param>
/// <param name="BillingCycle">The cycle group, or the payer's cycle.</param>
/// <param name="PayerAccountId">The payer, for a payer run.</param>
public sealed record BillRunScope(string Kind, string? BillingCycle, string? PayerAccountId)
{
    /// <summary>The input field a refusal names.</summary>
    public string Field => Kind switch { "payer" => "payerAccountId", "cycle" => "billingCycle", _ => "all" };

    /// <summary>Every payer.</summary>
    public static BillRunScope All { get; } = new("all", null, null);

    /// <summary>True when some payer is in both scopes.</summary>
    public bool Overlaps(BillRunScope other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Kind == "all" || other.Kind == "all"
            || (Kind == "payer" && other.Kind == "payer" ? PayerAccountId == other.PayerAccountId : BillingCycle == other.BillingCycle);
    }

    /// <summary>Reads the stored form.</summary>
    public static BillRunScope Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("cycle:", StringComparison.Ordinal))
        {
            return new BillRunScope("cycle", text["cycle:".Length..], null);
        }

        if (text.StartsWith("payer:", StringComparison.Ordinal))
        {
            var at = text.LastIndexOf('@');
            return new BillRunScope("payer", text[(at + 1)..], text["payer:".Length..at]);
        }

        return All;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        "cycle" => "cycle:" + BillingCycle,
        "payer" => $"payer:{PayerAccountId}@{BillingCycle}",
        _ => "all",
    };
}
