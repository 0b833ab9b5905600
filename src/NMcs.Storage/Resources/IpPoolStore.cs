using System.Data.Common;
using System.Globalization;
using System.Numerics;
using NMcs.Identifiers;

namespace NMcs.Storage.Resources;

/// <summary>
/// Fixed-IP pools over IPv4 and IPv6 CIDR blocks. Only addresses in use have a row, so an IPv6 /64 costs nothing
/// until addresses are handed out; the next free address is the first gap in the pool's rows in address order.
/// Allocation inserts the address row under the primary key (pool, address), so two concurrent allocations can never
/// hand out the same address; a change and its audit row commit in one transaction.
/// </summary>
public sealed class IpPoolStore(NMcsDatabase database, AuditTrail audit)
{
    private const string PoolColumns = "name, family, cidr, first_key, last_key, size, apn, customer_id, created_at";

    private const string AllocationColumns = "pool, address, status, owner, iccid, expires_at, changed_at";

    private TimeProvider Clock => audit.Clock;

    /// <summary>
    /// Creates a pool over <paramref name="cidr"/>, optionally serving an APN and dedicated to a customer. A block
    /// overlapping another pool's is refused. Creating an identical pool again returns it.
    /// </summary>
    public async Task<IpPool> CreatePoolAsync(string name, string cidr, string? apn, string? customerId, string actor, CancellationToken cancellationToken = default)
    {
        name = ResourceChecks.Name(name, "name");
        var block = IpCidr.Parse(cidr);
        apn = apn is null ? null : ApnName.Validate(apn, "apn");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serialises pool creation (a row lock on PostgreSQL, the write lock on SQLite), so two concurrent creations
        // of overlapping blocks cannot both pass the overlap check below.
        await using (var gate = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO counters (name, value) VALUES (@name, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
            ("@name", "ip_pool_created")))
        {
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }

        var pools = await ListPoolsAsync(connection, transaction, cancellationToken);
        if (pools.FirstOrDefault(p => p.Name == name) is { } existing)
        {
            if (existing.Cidr == block.ToString() && existing.Apn == apn && existing.CustomerId == customerId)
            {
                return existing;
            }

            throw new DomainException("POOL_EXISTS", "name", $"IP pool '{name}' already exists with block {existing.Cidr}; choose another name.");
        }

        if (pools.FirstOrDefault(p => IpCidr.Parse(p.Cidr).Overlaps(block)) is { } overlapping)
        {
            throw new DomainException("POOL_OVERLAPS", "cidr", $"cidr {block} overlaps pool '{overlapping.Name}' ({overlapping.Cidr}); an address belongs to one pool only — choose a block outside it.");
        }

        if (apn is not null && await ApnStore.FindAsync(connection, transaction, apn, cancellationToken) is null)
        {
            throw new DomainException("UNKNOWN_APN", "apn", $"apn '{apn}' does not exist; create it with createApn first.");
        }

        if (customerId is not null)
        {
            await ResourceChecks.CustomerExistsAsync(connection, transaction, customerId, "customerId", cancellationToken);
        }

        var now = Clock.GetUtcNow();
        var pool = new IpPool(name, block.ToString(), block.Family, IpCidr.FromNumber(block.Family, block.First), IpCidr.FromNumber(block.Family, block.Last), block.Size, apn, customerId, DbValues.Time(DbValues.Time(now)));
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            $"INSERT INTO ip_pools ({PoolColumns}) VALUES (@name, @family, @cidr, @first, @last, @size, @apn, @customer, @at)",
            ("@name", name),
            ("@family", block.Family),
            ("@cidr", pool.Cidr),
            ("@first", IpCidr.Key(block.First)),
            ("@last", IpCidr.Key(block.Last)),
            ("@size", block.Size.ToString(CultureInfo.InvariantCulture)),
            ("@apn", apn ?? string.Empty),
            ("@customer", customerId ?? string.Empty),
            ("@at", DbValues.Time(now))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.AppendAsync(connection, transaction, actor, "ip_pool.create", "ip_pool", name, ResourceChecks.Detail(("cidr", pool.Cidr), ("apn", apn), ("customerId", customerId)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pool;
    }

    /// <summary>
    /// Hands out <paramref name="address"/>, or the lowest free address when null, to <paramref name="owner"/>:
    /// assigned when <paramref name="iccid"/> is given, otherwise reserved until <paramref name="expiresAt"/> (null:
    /// no expiry).
    /// </summary>
    public async Task<IpAllocation> AllocateAsync(string pool, string? address, string owner, string? iccid, DateTimeOffset? expiresAt, string actor, CancellationToken cancellationToken = default)
    {
        owner = ResourceChecks.Owner(owner);
        iccid = iccid is null ? null : SimIdentifiers.ValidateIccid(iccid);
        var now = Clock.GetUtcNow();
        ResourceChecks.Expiry(expiresAt, now);
        var state = iccid is null ? ResourceState.Reserved : ResourceState.Assigned;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var target = await PoolOrThrowAsync(connection, transaction, pool, cancellationToken);
        var block = IpCidr.Parse(target.Cidr);
        var requested = address is null ? (UInt128?)null : block.ParseAddress(address);
        await ExpireAsync(connection, transaction, target.Name, block.Family, now, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var candidate = requested ?? await LowestFreeAsync(connection, transaction, block, target.Name, cancellationToken)
                ?? throw new DomainException("POOL_EXHAUSTED", "pool", $"IP pool '{target.Name}' ({target.Cidr}) has no free address; release addresses or create another pool.");
            var text = IpCidr.FromNumber(block.Family, candidate);
            await using var insert = NMcsDatabase.Command(
                connection,
                transaction,
                "INSERT INTO ip_addresses (pool, address_key, address, status, owner, iccid, expires_at, changed_at) VALUES (@pool, @key, @address, @status, @owner, @iccid, @expires, @now) ON CONFLICT (pool, address_key) DO NOTHING",
                ("@pool", target.Name),
                ("@key", IpCidr.Key(candidate)),
                ("@address", text),
                ("@status", ResourceChecks.StateText(state)),
                ("@owner", owner),
                ("@iccid", iccid),
                ("@expires", iccid is null && expiresAt is { } e ? DbValues.Time(e) : null),
                ("@now", DbValues.Time(now)));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                var action = state == ResourceState.Reserved ? "ip.reserve" : "ip.assign";
                await audit.AppendAsync(connection, transaction, actor, action, "ip", target.Name + "/" + text, ResourceChecks.Detail(("pool", target.Name), ("address", text), ("owner", owner), ("iccid", iccid), ("expiresAt", iccid is null && expiresAt is { } x ? DbValues.Time(x) : null)), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new IpAllocation(target.Name, text, state, owner, iccid, iccid is null && expiresAt is { } y ? DbValues.Time(DbValues.Time(y)) : null, DbValues.Time(DbValues.Time(now)));
            }

            if (requested is not null)
            {
                var holder = await FindAllocationAsync(connection, transaction, target.Name, candidate, cancellationToken);
                throw new DomainException("ADDRESS_TAKEN", "address", $"address {text} of pool '{target.Name}' is already {ResourceChecks.StateText(holder?.State ?? ResourceState.Reserved)} by {holder?.Owner}; pick another address or omit it to take the next free one.");
            }

            if (attempt >= 100)
            {
                throw new InvalidOperationException($"no free address of pool '{target.Name}' could be taken after {attempt} attempts.");
            }
        }
    }

    /// <summary>Returns an address to the pool. Releasing a free address is refused, naming it.</summary>
    public async Task<IpAllocation> ReleaseAsync(string pool, string address, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var target = await PoolOrThrowAsync(connection, transaction, pool, cancellationToken);
        var block = IpCidr.Parse(target.Cidr);
        var number = block.ParseAddress(address);
        var now = Clock.GetUtcNow();
        var current = await FindAllocationAsync(connection, transaction, target.Name, number, cancellationToken);
        if (current is null || IsLapsed(current, now))
        {
            throw new DomainException("ADDRESS_NOT_ALLOCATED", "address", $"address {IpCidr.FromNumber(block.Family, number)} of pool '{target.Name}' is free; nothing to release.");
        }

        await using (var delete = NMcsDatabase.Command(connection, transaction, "DELETE FROM ip_addresses WHERE pool = @pool AND address_key = @key", ("@pool", target.Name), ("@key", IpCidr.Key(number))))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.AppendAsync(connection, transaction, actor, "ip.release", "ip", target.Name + "/" + current.Address, ResourceChecks.Detail(("pool", target.Name), ("address", current.Address), ("was", ResourceChecks.StateText(current.State)), ("owner", current.Owner), ("iccid", current.Iccid)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return current with { State = ResourceState.Free, ChangedAt = DbValues.Time(DbValues.Time(now)) };
    }

    /// <summary>Dedicates a pool to a customer, or shares it again with <paramref name="customerId"/> null.</summary>
    public async Task<IpPool> AssignToCustomerAsync(string pool, string? customerId, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await PoolOrThrowAsync(connection, transaction, pool, cancellationToken);
        if (existing.CustomerId == customerId)
        {
            return existing;
        }

        await PoolRows.AssignCustomerAsync(connection, transaction, audit, "ip_pools", "ip_pool", existing.Name, existing.CustomerId, customerId, actor, cancellationToken);
        return existing with { CustomerId = customerId };
    }

    /// <summary>A pool by name, or null.</summary>
    public async Task<IpPool?> FindPoolAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindPoolAsync(connection, null, name, cancellationToken);
    }

    /// <summary>All pools, ordered by name.</summary>
    public async Task<IReadOnlyList<IpPool>> ListPoolsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListPoolsAsync(connection, null, cancellationToken);
    }

    /// <summary>Addresses of a pool in use (lapsed reservations left out), in address order, after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<IpAllocation>> AllocationsAsync(string pool, int first, string? after, CancellationToken cancellationToken = default)
    {
        var now = DbValues.Time(Clock.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        var target = await PoolOrThrowAsync(connection, null, pool, cancellationToken);
        var afterKey = after is null ? string.Empty : IpCidr.Key(IpCidr.Parse(target.Cidr).ParseAddress(after, "after"));
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            $"SELECT {AllocationColumns} FROM ip_addresses WHERE pool = @pool AND address_key > @after AND (expires_at IS NULL OR expires_at > @now) ORDER BY address_key LIMIT @first",
            ("@pool", target.Name),
            ("@after", afterKey),
            ("@now", now),
            ("@first", first));
        return await PoolRows.ReadAllAsync(command, ReadAllocation, cancellationToken);
    }

    /// <summary>Utilisation of one pool (or of every pool when <paramref name="pool"/> is null), ordered by name.</summary>
    public async Task<IReadOnlyList<PoolUtilisation>> UtilisationAsync(string? pool = null, CancellationToken cancellationToken = default)
    {
        var now = DbValues.Time(Clock.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            """
            SELECT p.name, p.customer_id, p.size,
                   SUM(CASE WHEN a.status = 'reserved' AND (a.expires_at IS NULL OR a.expires_at > @now) THEN 1 ELSE 0 END),
                   SUM(CASE WHEN a.status = 'assigned' THEN 1 ELSE 0 END)
            FROM ip_pools p LEFT JOIN ip_addresses a ON a.pool = p.name
            WHERE p.name = @pool OR @all = 1
            GROUP BY p.name, p.customer_id, p.size
            ORDER BY p.name
            """,
            ("@now", now),
            ("@pool", pool ?? string.Empty),
            ("@all", pool is null ? 1 : 0));
        return await PoolRows.ReadAllAsync(
            command,
            r => PoolRows.Utilisation(r, ResourceKind.IpPool, BigInteger.Parse(r.GetString(2), CultureInfo.InvariantCulture)),
            cancellationToken);
    }

    private static bool IsLapsed(IpAllocation allocation, DateTimeOffset now) =>
        allocation.State == ResourceState.Reserved && allocation.ExpiresAt is { } at && at <= now;

    // Walks the pool's rows in address order from the first usable address and stops at the first gap: the cost
    // grows with the addresses in use below the gap, never with the size of the block.
    private static async Task<UInt128?> LowestFreeAsync(DbConnection connection, DbTransaction transaction, IpCidr block, string pool, CancellationToken cancellationToken)
    {
        var candidate = block.First;
        await using var command = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT address_key FROM ip_addresses WHERE pool = @pool AND address_key >= @first ORDER BY address_key",
            ("@pool", pool),
            ("@first", IpCidr.Key(block.First)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var used = IpCidr.FromKey(reader.GetString(0));
            if (used != candidate)
            {
                break;
            }

            if (candidate == block.Last)
            {
                return null;
            }

            candidate++;
        }

        return candidate;
    }

    private async Task ExpireAsync(DbConnection connection, DbTransaction transaction, string pool, int family, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(string Key, string Address, string? Owner)> lapsed;
        await using (var select = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT address_key, address, owner FROM ip_addresses WHERE pool = @pool AND status = 'reserved' AND expires_at IS NOT NULL AND expires_at <= @now",
            ("@pool", pool),
            ("@now", DbValues.Time(now))))
        {
            lapsed = await PoolRows.ReadAllAsync(select, r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), cancellationToken);
        }

        foreach (var (key, address, owner) in lapsed)
        {
            await using var delete = NMcsDatabase.Command(connection, transaction, "DELETE FROM ip_addresses WHERE pool = @pool AND address_key = @key AND status = 'reserved'", ("@pool", pool), ("@key", key));
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await audit.AppendAsync(connection, transaction, "system", "ip.expire", "ip", pool + "/" + address, ResourceChecks.Detail(("pool", pool), ("address", address), ("owner", owner), ("family", family.ToString(CultureInfo.InvariantCulture))), cancellationToken);
            }
        }
    }

    private static async Task<IpAllocation?> FindAllocationAsync(DbConnection connection, DbTransaction transaction, string pool, UInt128 address, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, $"SELECT {AllocationColumns} FROM ip_addresses WHERE pool = @pool AND address_key = @key", ("@pool", pool), ("@key", IpCidr.Key(address)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAllocation(reader) : null;
    }

    private static async Task<IpPool> PoolOrThrowAsync(DbConnection connection, DbTransaction? transaction, string pool, CancellationToken cancellationToken) =>
        await FindPoolAsync(connection, transaction, pool, cancellationToken)
            ?? throw new DomainException("UNKNOWN_POOL", "pool", $"IP pool '{pool}' does not exist; create it with createIpPool.");

    private static async Task<IpPool?> FindPoolAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, $"SELECT {PoolColumns} FROM ip_pools WHERE name = @name", ("@name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPool(reader) : null;
    }

    private static async Task<IReadOnlyList<IpPool>> ListPoolsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, $"SELECT {PoolColumns} FROM ip_pools ORDER BY name");
        return await PoolRows.ReadAllAsync(command, ReadPool, cancellationToken);
    }

    private static IpPool ReadPool(DbDataReader reader)
    {
        var family = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        var apn = reader.GetString(6);
        var customer = reader.GetString(7);
        return new IpPool(
            reader.GetString(0),
            reader.GetString(2),
            family,
            IpCidr.FromNumber(family, IpCidr.FromKey(reader.GetString(3))),
            IpCidr.FromNumber(family, IpCidr.FromKey(reader.GetString(4))),
            BigInteger.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
            apn.Length == 0 ? null : apn,
            customer.Length == 0 ? null : customer,
            DbValues.Time(reader.GetString(8)));
    }

    private static IpAllocation ReadAllocation(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        ResourceChecks.State(reader.GetString(2)),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : DbValues.Time(reader.GetString(5)),
        DbValues.Time(reader.GetString(6)));
}
