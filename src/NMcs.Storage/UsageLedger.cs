using System.Data.Common;

namespace NMcs.Storage;

/// <summary>
/// Append-only ledger of rated usage. The record id is the primary key, which is what makes ingestion
/// exactly-once: a record id already present is a duplicate, whichever silo or restart sees it again.
/// </summary>
public sealed class UsageLedger(NMcsDatabase database)
{
    private const string Columns =
        "record_id, iccid, account_id, period, service, quantity, unit, occurred_at, product_id, product_version, rate_unit, units, included_units, billable_units, price_per_unit, amount, rounded_amount, currency, steps, rated_at, invoice_id, counters, duration_seconds, destination, visited_network, charges";

    /// <summary>Which of <paramref name="recordIds"/> are already in the ledger.</summary>
    public Task<HashSet<string>> FindExistingAsync(IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken = default) =>
        database.FindExistingAsync("rated_usage", "record_id", recordIds, cancellationToken);

    /// <summary>
    /// Appends rows in one transaction. Returns the ids that were already present (and so were not written):
    /// the caller treats them as duplicates.
    /// </summary>
    public async Task<HashSet<string>> AppendAsync(IReadOnlyList<RatedUsageRow> rows, CancellationToken cancellationToken = default)
    {
        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        if (rows.Count == 0)
        {
            return conflicts;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One prepared statement for the whole transaction: only the parameter values change per row.
        await using var command = NMcsDatabase.Command(
            connection,
            transaction,
            $"INSERT INTO rated_usage ({Columns}) VALUES (@id, @iccid, @account, @period, @service, @quantity, @unit, @occurred, @product, @version, @rateUnit, @units, @included, @billable, @price, @amount, @rounded, @currency, @steps, @ratedAt, NULL, @counters, @duration, @destination, @visited, @charges) ON CONFLICT (record_id) DO NOTHING",
            ("@id", string.Empty), ("@iccid", string.Empty), ("@account", string.Empty), ("@period", string.Empty), ("@service", string.Empty),
            ("@quantity", string.Empty), ("@unit", string.Empty), ("@occurred", string.Empty), ("@product", string.Empty), ("@version", 0),
            ("@rateUnit", string.Empty), ("@units", string.Empty), ("@included", string.Empty), ("@billable", string.Empty), ("@price", string.Empty),
            ("@amount", string.Empty), ("@rounded", string.Empty), ("@currency", string.Empty), ("@steps", string.Empty), ("@ratedAt", string.Empty), ("@counters", string.Empty),
            ("@duration", null), ("@destination", null), ("@visited", null), ("@charges", string.Empty));
        await command.PrepareAsync(cancellationToken);
        var p = command.Parameters;
        foreach (var row in rows)
        {
            p[0].Value = row.RecordId;
            p[1].Value = row.Iccid;
            p[2].Value = row.AccountId;
            p[3].Value = row.Period;
            p[4].Value = row.Service;
            p[5].Value = DbValues.Dec(row.Quantity);
            p[6].Value = row.Unit;
            p[7].Value = DbValues.Time(row.OccurredAt);
            p[8].Value = row.ProductId;
            p[9].Value = row.ProductVersion;
            p[10].Value = row.RateUnit;
            p[11].Value = DbValues.Dec(row.Units);
            p[12].Value = DbValues.Dec(row.IncludedUnits);
            p[13].Value = DbValues.Dec(row.BillableUnits);
            p[14].Value = DbValues.Dec(row.PricePerUnit);
            p[15].Value = DbValues.Dec(row.Amount);
            p[16].Value = DbValues.Dec(row.RoundedAmount);
            p[17].Value = row.Currency;
            p[18].Value = row.Steps;
            p[19].Value = DbValues.Time(row.RatedAt);
            p[20].Value = row.Counters;
            p[21].Value = row.DurationSeconds is double seconds ? seconds : DBNull.Value;
            p[22].Value = (object?)row.Destination ?? DBNull.Value;
            p[23].Value = (object?)row.VisitedNetwork ?? DBNull.Value;
            p[24].Value = row.Charges;
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                conflicts.Add(row.RecordId);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return conflicts;
    }

    /// <summary>The encoded counter deltas of every record of an account's cycle, with the SIM each belongs to.</summary>
    public async Task<IReadOnlyList<(string Iccid, string Counters)>> CountersAsync(string accountId, string period, CancellationToken cancellationToken = default)
    {
        var list = new List<(string, string)>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT iccid, counters FROM rated_usage WHERE account_id = @account AND period = @period",
            ("@account", accountId),
            ("@period", period));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetString(0), reader.GetString(1)));
        }

        return list;
    }

    /// <summary>Rated records of an account not yet on an invoice.</summary>
    public async Task<IReadOnlyList<RatedUsageRow>> UnbilledAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(
            connection,
            null,
            $"SELECT {Columns} FROM rated_usage WHERE account_id = @account AND invoice_id IS NULL ORDER BY occurred_at, record_id",
            cancellationToken,
            ("@account", accountId));
    }

    /// <summary>Rated records of a product in one cycle (all accounts), oldest first: the usage set a what-if re-rates.</summary>
    public async Task<IReadOnlyList<RatedUsageRow>> ForProductAsync(string productId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(
            connection,
            null,
            $"SELECT {Columns} FROM rated_usage WHERE product_id = @product AND period = @period ORDER BY account_id, occurred_at, record_id",
            cancellationToken,
            ("@product", productId),
            ("@period", period));
    }

    /// <summary>Rated records of a SIM, newest first.</summary>
    public async Task<IReadOnlyList<RatedUsageRow>> ForSimAsync(string iccid, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(
            connection,
            null,
            $"SELECT {Columns} FROM rated_usage WHERE iccid = @iccid ORDER BY occurred_at DESC, record_id LIMIT @limit",
            cancellationToken,
            ("@iccid", iccid),
            ("@limit", limit));
    }

    /// <summary>One record by id, or null.</summary>
    public async Task<RatedUsageRow?> FindAsync(string recordId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection, null, $"SELECT {Columns} FROM rated_usage WHERE record_id = @id", cancellationToken, ("@id", recordId));
        return rows.Count == 0 ? null : rows[0];
    }

    internal static async Task<IReadOnlyList<RatedUsageRow>> QueryAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var rows = new List<RatedUsageRow>();
        await using var command = NMcsDatabase.Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RatedUsageRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                DbValues.Dec(reader.GetString(5)),
                reader.GetString(6),
                DbValues.Time(reader.GetString(7)),
                reader.GetString(8),
                reader.GetInt32(9),
                reader.GetString(10),
                DbValues.Dec(reader.GetString(11)),
                DbValues.Dec(reader.GetString(12)),
                DbValues.Dec(reader.GetString(13)),
                DbValues.Dec(reader.GetString(14)),
                DbValues.Dec(reader.GetString(15)),
                DbValues.Dec(reader.GetString(16)),
                reader.GetString(17),
                reader.GetString(18),
                DbValues.Time(reader.GetString(19)),
                reader.IsDBNull(20) ? null : reader.GetString(20),
                reader.GetString(21),
                reader.IsDBNull(22) ? null : reader.GetDouble(22),
                reader.IsDBNull(23) ? null : reader.GetString(23),
                reader.IsDBNull(24) ? null : reader.GetString(24),
                reader.GetString(25)));
        }

        return rows;
    }
}
