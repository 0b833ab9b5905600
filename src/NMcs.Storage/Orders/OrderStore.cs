using System.Data.Common;
using System.Globalization;
using NMcs.Storage.Resources;

namespace NMcs.Storage.Orders;

/// <summary>
/// The order index (<c>orders</c>, <c>order_sims</c>) for queries by customer, SIM, state and kind with paging; the
/// idempotency keys per submitter (<c>order_keys</c>); and accounts' order policies (<c>order_policies</c>). The
/// order grains hold the orders themselves and keep their index row current. Each submission is audited with its
/// submitter. Tables are created on first use.
/// </summary>
public sealed class OrderStore(NMcsDatabase database, AuditTrail audit)
{
    private static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS orders (
            order_id TEXT NOT NULL PRIMARY KEY,
            submitter TEXT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            bulk INTEGER NOT NULL,
            item_count INTEGER NOT NULL,
            completed INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            external_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_orders_created ON orders (created_at, order_id)",
        "CREATE INDEX IF NOT EXISTS ix_orders_customer ON orders (customer_id, created_at)",
        "CREATE INDEX IF NOT EXISTS ix_orders_state ON orders (state, created_at)",
        "CREATE TABLE IF NOT EXISTS order_sims (iccid TEXT NOT NULL, order_id TEXT NOT NULL, PRIMARY KEY (iccid, order_id))",
        """
        CREATE TABLE IF NOT EXISTS order_keys (
            submitter TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            payload_hash TEXT NOT NULL,
            order_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (submitter, idempotency_key))
        """,
        """
        CREATE TABLE IF NOT EXISTS order_policies (
            account_id TEXT NOT NULL PRIMARY KEY,
            auto_suspend_on_credit_limit INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL)
        """,
    ];

    private const string Columns = "order_id, submitter, kind, state, customer_id, bulk, item_count, completed, failed, external_id, created_at, updated_at";

    private Task? _schema;

    /// <summary>
    /// Reserves <paramref name="key"/> of <paramref name="submitter"/> for <paramref name="orderId"/>, or returns the
    /// order it was reserved for before and whether <paramref name="payloadHash"/> matches that first request.
    /// </summary>
    public async Task<OrderKeyReservation> ReserveKeyAsync(string submitter, string key, string payloadHash, string orderId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int inserted;
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO order_keys (submitter, idempotency_key, payload_hash, order_id, created_at) VALUES (@s, @k, @h, @o, @at) ON CONFLICT (submitter, idempotency_key) DO NOTHING",
            ("@s", submitter),
            ("@k", key),
            ("@h", payloadHash),
            ("@o", orderId),
            ("@at", DbValues.Time(at))))
        {
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        string existingOrder;
        string existingHash;
        await using (var read = NMcsDatabase.Command(connection, transaction, "SELECT order_id, payload_hash FROM order_keys WHERE submitter = @s AND idempotency_key = @k", ("@s", submitter), ("@k", key)))
        {
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            existingOrder = reader.GetString(0);
            existingHash = reader.GetString(1);
        }

        await transaction.CommitAsync(cancellationToken);
        return new OrderKeyReservation(existingOrder, existingHash == payloadHash, inserted == 1);
    }

    /// <summary>The order <paramref name="key"/> of <paramref name="submitter"/> stands for, or null when the key is new.</summary>
    public async Task<OrderKeyReservation?> FindKeyAsync(string submitter, string key, string payloadHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var read = NMcsDatabase.Command(connection, null, "SELECT order_id, payload_hash FROM order_keys WHERE submitter = @s AND idempotency_key = @k", ("@s", submitter), ("@k", key));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new OrderKeyReservation(reader.GetString(0), reader.GetString(1) == payloadHash, false) : null;
    }

    /// <summary>
    /// Writes an order's index row: on the first write also its SIMs and an audit row (action <c>order.submitted</c>,
    /// actor the submitter), in one transaction; afterwards only the state and counts change.
    /// </summary>
    public async Task SaveAsync(OrderIndexRow row, IReadOnlyCollection<string> iccids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(iccids);
        await EnsureSchemaAsync(cancellationToken);

        // Grouped with other small writes (other orders' rows, grain state): one commit for all of them.
        await database.WriteGroupedAsync(
            async group =>
            {
                var insert = await group.CommandAsync(
                    $"INSERT INTO orders ({Columns}) VALUES (@id, @submitter, @kind, @state, @customer, @bulk, @items, @completed, @failed, @external, @created, @updated) ON CONFLICT (order_id) DO NOTHING",
                    Parameters(row));
                if (await insert.ExecuteNonQueryAsync() == 1)
                {
                    foreach (var iccid in iccids.Distinct(StringComparer.Ordinal))
                    {
                        var sim = await group.CommandAsync(
                            "INSERT INTO order_sims (iccid, order_id) VALUES (@iccid, @id) ON CONFLICT (iccid, order_id) DO NOTHING",
                            ("@iccid", iccid),
                            ("@id", row.OrderId));
                        await sim.ExecuteNonQueryAsync();
                    }

                    await audit.AppendAsync(
                        group.Connection,
                        group.Transaction,
                        row.Submitter,
                        "order.submitted",
                        "order",
                        row.OrderId,
                        string.Create(CultureInfo.InvariantCulture, $"{(row.Kind.Length == 0 ? "mixed" : row.Kind)} order, {row.ItemCount} item(s){(row.ExternalId.Length == 0 ? string.Empty : ", externalId " + row.ExternalId)}"),
                        CancellationToken.None);
                }
                else
                {
                    var update = await group.CommandAsync(
                        "UPDATE orders SET state = @state, customer_id = @customer, completed = @completed, failed = @failed, updated_at = @updated WHERE order_id = @id",
                        Parameters(row));
                    await update.ExecuteNonQueryAsync();
                }

                return 1;
            },
            cancellationToken);
    }

    /// <summary>Appends an audit row about an order (e.g. its cancellation) on behalf of <paramref name="actor"/>.</summary>
    public Task AuditAsync(string actor, string action, string orderId, string? detail, CancellationToken cancellationToken = default) =>
        audit.AppendAsync(actor, action, "order", orderId, detail, cancellationToken);

    /// <summary>
    /// Orders matching <paramref name="filter"/>, newest first, at most <paramref name="limit"/>, after the cursor
    /// <paramref name="after"/> (the <see cref="Cursor"/> of the last row of the previous page).
    /// </summary>
    public async Task<IReadOnlyList<OrderIndexRow>> ListAsync(OrderFilter filter, int limit, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        string? afterCreated = null;
        string? afterId = null;
        if (after is { Length: > 0 })
        {
            var bar = after.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0)
            {
                throw new DomainException("INVALID_ARGUMENT", "after", $"after '{after}' is not a cursor from this query; pass the cursor of the last order of the previous page.");
            }

            afterCreated = after[..bar];
            afterId = after[(bar + 1)..];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            $"""
            SELECT {Columns} FROM orders o
            WHERE (@customer IS NULL OR o.customer_id = @customer)
              AND (@state IS NULL OR o.state = @state)
              AND (@kind IS NULL OR o.kind = @kind)
              AND (@submitter IS NULL OR o.submitter = @submitter)
              AND (@iccid IS NULL OR EXISTS (SELECT 1 FROM order_sims s WHERE s.iccid = @iccid AND s.order_id = o.order_id))
              AND (@afterCreated IS NULL OR o.created_at < @afterCreated OR (o.created_at = @afterCreated AND o.order_id < @afterId))
            ORDER BY o.created_at DESC, o.order_id DESC
            LIMIT @limit
            """,
            ("@customer", filter.CustomerId),
            ("@state", filter.State),
            ("@kind", filter.Kind),
            ("@submitter", filter.Submitter),
            ("@iccid", filter.Iccid),
            ("@afterCreated", afterCreated),
            ("@afterId", afterId),
            ("@limit", limit));
        var rows = new List<OrderIndexRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OrderIndexRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture) != 0,
                Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
                reader.GetString(9),
                DbValues.Time(reader.GetString(10)),
                DbValues.Time(reader.GetString(11))));
        }

        return rows;
    }

    /// <summary>The paging cursor of <paramref name="row"/>.</summary>
    public static string Cursor(OrderIndexRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return DbValues.Time(row.CreatedAt) + "|" + row.OrderId;
    }

    /// <summary>Ids of orders not in a final state (acknowledged or inProgress): those a restart resumes.</summary>
    public async Task<IReadOnlyList<string>> UnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, "SELECT order_id FROM orders WHERE state IN ('acknowledged', 'inProgress') ORDER BY created_at");
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>True when the account's policy says a credit-limit event suspends its SIMs (off unless set).</summary>
    public async Task<bool> AutoSuspendOnCreditLimitAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, "SELECT auto_suspend_on_credit_limit FROM order_policies WHERE account_id = @a", ("@a", accountId));
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull && Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>Sets the account's credit-limit policy, audited as <paramref name="actor"/>.</summary>
    public async Task SetAutoSuspendOnCreditLimitAsync(string accountId, bool enabled, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO order_policies (account_id, auto_suspend_on_credit_limit, updated_by, updated_at) VALUES (@a, @v, @by, @at) ON CONFLICT (account_id) DO UPDATE SET auto_suspend_on_credit_limit = @v, updated_by = @by, updated_at = @at",
            ("@a", accountId),
            ("@v", enabled ? 1L : 0L),
            ("@by", actor),
            ("@at", DbValues.Time(at))))
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.AppendAsync(connection, transaction, actor, "account.orderPolicy", "account", accountId, enabled ? "autoSuspendOnCreditLimit on" : "autoSuspendOnCreditLimit off", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static (string, object?)[] Parameters(OrderIndexRow row) =>
    [
        ("@id", row.OrderId),
        ("@submitter", row.Submitter),
        ("@kind", row.Kind),
        ("@state", row.State),
        ("@customer", row.CustomerId),
        ("@bulk", row.Bulk ? 1L : 0L),
        ("@items", (long)row.ItemCount),
        ("@completed", (long)row.Completed),
        ("@failed", (long)row.Failed),
        ("@external", row.ExternalId),
        ("@created", DbValues.Time(row.CreatedAt)),
        ("@updated", DbValues.Time(row.UpdatedAt)),
    ];

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await database.OpenAsync(cancellationToken);
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        var schema = LazyInitializer.EnsureInitialized(ref _schema, CreateSchemaAsync);
        try
        {
            await schema.WaitAsync(cancellationToken);
        }
        catch (DbException)
        {
            // Try again on the next call rather than remember the failure.
            _ = Interlocked.CompareExchange(ref _schema, null, schema);
            throw;
        }
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await database.OpenAsync();
        foreach (var statement in Schema)
        {
            await using var command = NMcsDatabase.Command(connection, null, statement);
            await command.ExecuteNonQueryAsync();
        }
    }
}
