namespace NMcs.Storage;

/// <summary>Index of customer ids and names for listing; the customer grain holds the customer itself.</summary>
public sealed class CustomerDirectory(NMcsDatabase database, TimeProvider clock)
{
    /// <summary>Adds a customer and its payer account's billing cycle to the index; idempotent.</summary>
    public async Task AddAsync(string customerId, string name, string payerAccountId = "", string billingCycle = "monthly", string timeZone = "UTC", CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "INSERT INTO customers (customer_id, name, created_at, payer_account_id, billing_cycle, time_zone) VALUES (@id, @name, @at, @payer, @cycle, @zone) ON CONFLICT (customer_id) DO NOTHING",
            ("@id", customerId),
            ("@name", name),
            ("@at", DbValues.Time(clock.GetUtcNow())),
            ("@payer", payerAccountId),
            ("@cycle", billingCycle),
            ("@zone", timeZone));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Payer accounts with their billing cycle, time zone and creation time, in account order: all of them, those
    /// on <paramref name="billingCycle"/> (a cycle group), or the one payer <paramref name="payerAccountId"/>.
    /// </summary>
    public async Task<IReadOnlyList<PayerEntry>> PayersAsync(string? billingCycle = null, string? payerAccountId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT payer_account_id, customer_id, billing_cycle, time_zone, created_at FROM customers WHERE payer_account_id <> '' AND (@cycle IS NULL OR billing_cycle = @cycle) AND (@payer IS NULL OR payer_account_id = @payer) ORDER BY payer_account_id",
            ("@cycle", (object?)billingCycle ?? DBNull.Value),
            ("@payer", (object?)payerAccountId ?? DBNull.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var payers = new List<PayerEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            payers.Add(new PayerEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), DbValues.Time(reader.GetString(4))));
        }

        return payers;
    }

    /// <summary>The billing cycles payers are on (the cycle groups).</summary>
    public async Task<IReadOnlyList<string>> BillingCyclesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, "SELECT DISTINCT billing_cycle FROM customers WHERE payer_account_id <> '' ORDER BY billing_cycle");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cycles = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            cycles.Add(reader.GetString(0));
        }

        return cycles;
    }

    /// <summary>Customer ids in order, after <paramref name="after"/>.</summary>
    public Task<IReadOnlyList<string>> ListAsync(int limit, string? after, CancellationToken cancellationToken = default) =>
        database.ListKeysAsync("customers", "customer_id", limit, after, cancellationToken);
}

/// <summary>A payer account in the customer index.</summary>
/// <param name="AccountId">The payer account.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="BillingCycle">The payer's billing cycle text (its cycle group).</param>
/// <param name="TimeZone">The payer's time zone.</param>
/// <param name="CreatedAt">When the customer was created.</param>
public sealed record PayerEntry(string AccountId, string CustomerId, string BillingCycle, string TimeZone, DateTimeOffset CreatedAt);
