using System.Data.Common;

namespace NMcs.Storage.Resources;

/// <summary>APNs and the customers allowed on them; every change writes its audit row in the same transaction.</summary>
public sealed class ApnStore(NMcsDatabase database, AuditTrail audit)
{
    /// <summary>
    /// Creates an APN (name validated by <see cref="ApnName"/>) with the customers allowed on it. Creating an
    /// identical APN again returns it; the same name with another type is refused.
    /// </summary>
    public async Task<Apn> CreateAsync(string name, ApnType type, IReadOnlyCollection<string> customerIds, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        name = ApnName.Validate(name);
        var customers = customerIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await FindAsync(connection, transaction, name, cancellationToken) is { } existing)
        {
            if (existing.Type == type && existing.Customers.SequenceEqual(customers))
            {
                return existing;
            }

            throw new DomainException("APN_EXISTS", "name", $"APN '{name}' already exists as {existing.Type}; use assignPoolToCustomer with kind APN to allow more customers.");
        }

        foreach (var customer in customers)
        {
            await ResourceChecks.CustomerExistsAsync(connection, transaction, customer, "customerIds", cancellationToken);
        }

        var now = audit.Clock.GetUtcNow();
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO apns (name, apn_type, created_at) VALUES (@name, @type, @at)",
            ("@name", name),
            ("@type", type.ToString().ToLowerInvariant()),
            ("@at", DbValues.Time(now))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var customer in customers)
        {
            await AllowAsync(connection, transaction, name, customer, cancellationToken);
        }

        await audit.AppendAsync(connection, transaction, actor, "apn.create", "apn", name, ResourceChecks.Detail(("type", type.ToString().ToLowerInvariant()), ("customers", string.Join(",", customers))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Apn(name, type, customers, DbValues.Time(DbValues.Time(now)));
    }

    /// <summary>Allows a customer on an APN (idempotent).</summary>
    public async Task<Apn> AllowCustomerAsync(string name, string customerId, string actor, CancellationToken cancellationToken = default)
    {
        name = ApnName.Validate(name);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var apn = await FindAsync(connection, transaction, name, cancellationToken)
            ?? throw new DomainException("UNKNOWN_APN", "name", $"APN '{name}' does not exist; create it with createApn.");
        if (apn.Customers.Contains(customerId, StringComparer.Ordinal))
        {
            return apn;
        }

        await ResourceChecks.CustomerExistsAsync(connection, transaction, customerId, "customerId", cancellationToken);
        await AllowAsync(connection, transaction, name, customerId, cancellationToken);
        await audit.AppendAsync(connection, transaction, actor, "apn.allow_customer", "apn", name, ResourceChecks.Detail(("customerId", customerId)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return apn with { Customers = [.. apn.Customers.Append(customerId).Order(StringComparer.Ordinal)] };
    }

    /// <summary>An APN by name (any case), or null.</summary>
    public async Task<Apn?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, name.Trim().ToLowerInvariant(), cancellationToken);
    }

    /// <summary>All APNs, ordered by name.</summary>
    public async Task<IReadOnlyList<Apn>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var names = new List<string>();
        await using (var command = NMcsDatabase.Command(connection, null, "SELECT name FROM apns ORDER BY name"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }

        var apns = new List<Apn>(names.Count);
        foreach (var name in names)
        {
            apns.Add((await FindAsync(connection, null, name, cancellationToken))!);
        }

        return apns;
    }

    internal static async Task<Apn?> FindAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        string type;
        string createdAt;
        await using (var command = NMcsDatabase.Command(connection, transaction, "SELECT apn_type, created_at FROM apns WHERE name = @name", ("@name", name)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            type = reader.GetString(0);
            createdAt = reader.GetString(1);
        }

        var customers = new List<string>();
        await using (var command = NMcsDatabase.Command(connection, transaction, "SELECT customer_id FROM apn_customers WHERE apn = @name ORDER BY customer_id", ("@name", name)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                customers.Add(reader.GetString(0));
            }
        }

        return new Apn(name, type == "private" ? ApnType.Private : ApnType.Public, customers, DbValues.Time(createdAt));
    }

    private static async Task AllowAsync(DbConnection connection, DbTransaction transaction, string apn, string customerId, CancellationToken cancellationToken)
    {
        await using var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO apn_customers (apn, customer_id) VALUES (@apn, @customer) ON CONFLICT (apn, customer_id) DO NOTHING",
            ("@apn", apn),
            ("@customer", customerId));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
