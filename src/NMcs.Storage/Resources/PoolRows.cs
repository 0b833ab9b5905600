using System.Data.Common;
using System.Numerics;

namespace NMcs.Storage.Resources;

/// <summary>What the IP and MSISDN pool stores share: reading rows, utilisation rows and dedicating a pool to a customer.</summary>
internal static class PoolRows
{
    /// <summary>Runs <paramref name="command"/> and maps every row it returns with <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>
    /// A utilisation row of the shape <c>name, customer_id, size, reserved, assigned</c> (sums over no rows are NULL);
    /// the size column is read by the caller as <paramref name="size"/>, since its type differs between the pools.
    /// </summary>
    public static PoolUtilisation Utilisation(DbDataReader reader, ResourceKind kind, BigInteger size)
    {
        var customer = reader.GetString(1);
        return PoolUtilisation.Of(
            kind,
            reader.GetString(0),
            customer.Length == 0 ? null : customer,
            size,
            reader.IsDBNull(3) ? 0 : reader.GetInt64(3),
            reader.IsDBNull(4) ? 0 : reader.GetInt64(4));
    }

    /// <summary>
    /// Dedicates the pool <paramref name="pool"/> (a row of <paramref name="table"/>) to <paramref name="to"/>, or shares
    /// it again when null, once the customer is known to exist; audits the change as <c>{entity}.assign_customer</c> and
    /// commits. The caller has checked that <paramref name="from"/> and <paramref name="to"/> differ.
    /// </summary>
    public static async Task AssignCustomerAsync(DbConnection connection, DbTransaction transaction, AuditTrail audit, string table, string entity, string pool, string? from, string? to, string actor, CancellationToken cancellationToken)
    {
        if (to is not null)
        {
            await ResourceChecks.CustomerExistsAsync(connection, transaction, to, "customerId", cancellationToken);
        }

        await using (var update = NMcsDatabase.Command(connection, transaction, $"UPDATE {table} SET customer_id = @c WHERE name = @name", ("@c", to ?? string.Empty), ("@name", pool)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.AppendAsync(connection, transaction, actor, entity + ".assign_customer", entity, pool, ResourceChecks.Detail(("from", from), ("to", to)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
