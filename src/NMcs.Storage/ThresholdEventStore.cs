using System.Data.Common;
using System.Globalization;
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

    private const string Columns =
        "event_id, sequence, kind, account_id, iccid, allowance_id, percent, threshold, limit_value, counter_value, unit, period, record_id, occurred_at, raised_at";

    /// <summary>The thresholds already raised in an account's cycle.</summary>
    public async Task<IReadOnlyList<ThresholdKey>> RaisedAsync(string accountId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var events = await QueryAsync(
            connection,
            $"SELECT {Columns} FROM threshold_events WHERE account_id = @account AND period = @period",
            cancellationToken,
            ("@account", accountId),
            ("@period", period));
        return events.Select(e => e.Key).ToList();
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

    /// <summary>
    /// Inserts events inside the caller's transaction, numbering them in order; returns those written with their
    /// sequence (an event id already present is skipped, leaving a gap in the numbers).
    /// </summary>
    internal static async Task<IReadOnlyList<ThresholdEvent>> InsertAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<ThresholdEvent> events,
        CancellationToken cancellationToken)
    {
        var written = new List<ThresholdEvent>();
        if (events.Count == 0)
        {
            return written;
        }

        await using (var bump = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO counters (name, value) VALUES (@name, @count) ON CONFLICT (name) DO UPDATE SET value = counters.value + @count",
            ("@name", SequenceCounter),
            ("@count", (long)events.Count)))
        {
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        long last;
        await using (var read = NMcsDatabase.Command(connection, transaction, "SELECT value FROM counters WHERE name = @name", ("@name", SequenceCounter)))
        {
            last = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var sequence = last - events.Count;
        foreach (var raised in events)
        {
            var e = raised with { Sequence = ++sequence };
            await using var insert = NMcsDatabase.Command(
                connection,
                transaction,
                $"INSERT INTO threshold_events ({Columns}) VALUES (@id, @sequence, @kind, @account, @iccid, @allowance, @percent, @threshold, @limit, @value, @unit, @period, @record, @occurred, @raised) ON CONFLICT (event_id) DO NOTHING",
                ("@id", e.EventId),
                ("@sequence", e.Sequence),
                ("@kind", e.Kind.ToString()),
                ("@account", e.AccountId),
                ("@iccid", e.Iccid ?? string.Empty),
                ("@allowance", e.AllowanceId ?? string.Empty),
                ("@percent", DbValues.Dec(e.Percent)),
                ("@threshold", DbValues.Dec(e.Threshold)),
                ("@limit", DbValues.Dec(e.Limit)),
                ("@value", DbValues.Dec(e.Value)),
                ("@unit", e.Unit),
                ("@period", e.Period),
                ("@record", e.RecordId),
                ("@occurred", DbValues.Time(e.OccurredAt)),
                ("@raised", DbValues.Time(e.RaisedAt)));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
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
