using System.Data.Common;
using System.Runtime.InteropServices;
using NMcs.Rating.Thresholds;

namespace NMcs.Storage;

/// <summary>
/// Raised thresholds. Events are written by <see cref="UsageLedger.AppendWithThresholdEventsAsync"/> in the
/// transaction of the usage that raised them; this store reads them back (the account grain's raised set per cycle,
/// the GraphQL query, consumers catching up).
/// </summary>
public sealed class ThresholdEventStore(NMcsDatabase database)
{
    private const string SequenceCounter = "threshold_event_sequence";

    internal const string Columns =
        "event_id, sequence, kind, account_id, iccid, allowance_id, percent, threshold, limit_value, counter_value, unit, period, record_id, occurred_at, raised_at";

    /// <summary>The thresholds already raised in an account's cycle.</summary>
    public async Task<IReadOnlyList<ThresholdKey>> RaisedAsync(string accountId, string period, CancellationToken cancellationToken = default) =>
        (await RaisedAsync([accountId], period, cancellationToken)).GetValueOrDefault(accountId) ?? [];

    /// <summary>
    /// The thresholds already raised in the same cycle of each of <paramref name="accountIds"/>, 500 accounts to a
    /// query; an account without any is not in the answer.
    /// </summary>
    public async Task<Dictionary<string, List<ThresholdKey>>> RaisedAsync(IReadOnlyCollection<string> accountIds, string period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var raised = new Dictionary<string, List<ThresholdKey>>(StringComparer.Ordinal);
        if (accountIds.Count == 0)
        {
            return raised;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        NMcsDatabase.ReadForIds(
            connection,
            "SELECT account_id, kind, iccid, allowance_id, limit_value, unit, percent FROM threshold_events WHERE account_id IN ({0}) AND period = {1}",
            accountIds,
            [period],
            row => (CollectionsMarshal.GetValueRefOrAddDefault(raised, row.ColumnText(0), out _) ??= []).Add(new ThresholdKey(
                Enum.Parse<ThresholdKind>(row.ColumnText(1)),
                row.ColumnText(2),
                row.ColumnText(3),
                DbValues.Dec(row.ColumnText(4)),
                row.ColumnText(5),
                DbValues.Dec(row.ColumnText(6)))),
            cancellationToken);
        return raised;
    }

    /// <summary>
    /// Events in the order they were raised (by <see cref="ThresholdEvent.Sequence"/>), optionally only those of one
    /// account, SIM or kind, raised at or after <paramref name="since"/> (platform time) or after sequence
    /// <paramref name="afterSequence"/> (a consumer's cursor).
    /// </summary>
    public async Task<IReadOnlyList<ThresholdEvent>> ListAsync(
        string? accountId = null,
        string? iccid = null,
        ThresholdKind? kind = null,
        DateTimeOffset? since = null,
        int limit = 50,
        long afterSequence = 0,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(
            connection,
            $"""
            SELECT {Columns} FROM threshold_events
            WHERE (@account IS NULL OR account_id = @account)
              AND (@iccid IS NULL OR iccid = @iccid)
              AND (@kind IS NULL OR kind = @kind)
              AND (@since IS NULL OR raised_at >= @since)
              AND sequence > @after
            ORDER BY sequence
            LIMIT @limit
            """,
            cancellationToken,
            ("@after", afterSequence),
            ("@account", accountId),
            ("@iccid", iccid),
            ("@kind", kind?.ToString()),
            ("@since", since is { } at ? DbValues.Time(at) : null),
            ("@limit", limit));
    }

    // The sequence block of an insert: the counter moved on by the number of events, read back in the same statement.
    private const string BumpSql = "INSERT INTO counters (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = counters.value + ?2 RETURNING value";

    private const string InsertSql =
        $"INSERT INTO threshold_events ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (account_id, period, event_id) DO NOTHING";

    /// <summary>
    /// Inserts events inside the caller's group transaction, numbering them in order; returns those written with their
    /// sequence (an event id already present is skipped, leaving a gap in the numbers).
    /// </summary>
    internal static IReadOnlyList<ThresholdEvent> Insert(GroupTransaction group, IReadOnlyList<ThresholdEvent> events)
    {
        var written = new List<ThresholdEvent>();
        if (events.Count == 0)
        {
            return written;
        }

        // Bound by position on native statements, as the ledger's own insert: these run inside the ledger's group.
        var bump = group.Native(BumpSql);
        bump.Text(1, SequenceCounter);
        bump.Int(2, events.Count);
        long last;
        try
        {
            last = bump.Step() ? bump.ColumnInt64(0) : throw new InvalidOperationException("the threshold event sequence was not returned.");
        }
        finally
        {
            bump.Reset();
        }

        var insert = group.Native(InsertSql);
        var sequence = last - events.Count;
        foreach (var raised in events)
        {
            var e = raised with { Sequence = ++sequence };
            insert.Text(1, e.EventId);
            insert.Int(2, e.Sequence);
            insert.Text(3, e.Kind.ToString());
            insert.Text(4, e.AccountId);
            insert.Text(5, e.Iccid ?? string.Empty);
            insert.Text(6, e.AllowanceId ?? string.Empty);
            insert.Decimal(7, e.Percent);
            insert.Decimal(8, e.Threshold);
            insert.Decimal(9, e.Limit);
            insert.Decimal(10, e.Value);
            insert.Text(11, e.Unit);
            insert.Text(12, e.Period);
            insert.Text(13, e.RecordId);
            insert.Time(14, e.OccurredAt);
            insert.Time(15, e.RaisedAt);
            if (insert.Execute() == 1)
            {
                written.Add(e);
            }
        }

        return written;
    }

    private static async Task<IReadOnlyList<ThresholdEvent>> QueryAsync(
        DbConnection connection,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var list = new List<ThresholdEvent>();
        await using var command = NMcsDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var iccid = reader.GetString(4);
            var allowance = reader.GetString(5);
            list.Add(new ThresholdEvent(
                reader.GetString(0),
                Enum.Parse<ThresholdKind>(reader.GetString(2)),
                reader.GetString(3),
                iccid.Length == 0 ? null : iccid,
                allowance.Length == 0 ? null : allowance,
                DbValues.Dec(reader.GetString(6)),
                DbValues.Dec(reader.GetString(7)),
                DbValues.Dec(reader.GetString(8)),
                DbValues.Dec(reader.GetString(9)),
                reader.GetString(10),
                reader.GetString(11),
                reader.GetString(12),
                DbValues.Time(reader.GetString(13)),
                DbValues.Time(reader.GetString(14)),
                reader.GetInt64(1)));
        }

        return list;
    }
}
