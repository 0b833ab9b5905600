namespace NMcs.Storage;

/// <summary>Index of customer ids and names for listing; the customer grain holds the customer itself.</summary>
public sealed class CustomerDirectory(NMcsDatabase database, TimeProvider clock)
{
    /// <summary>Adds a customer to the index; idempotent.</summary>
    public async Task AddAsync(string customerId, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "INSERT INTO customers (customer_id, name, created_at) VALUES (@id, @name, @at) ON CONFLICT (customer_id) DO NOTHING",
            ("@id", customerId),
            ("@name", name),
            ("@at", DbValues.Time(clock.GetUtcNow())));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Customer ids in order, after <paramref name="after"/>.</summary>
    public Task<IReadOnlyList<string>> ListAsync(int limit, string? after, CancellationToken cancellationToken = default) =>
        database.ListKeysAsync("customers", "customer_id", limit, after, cancellationToken);
}
