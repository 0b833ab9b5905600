using System.Data.Common;
using System.Globalization;
using NMcs.Identifiers;

namespace NMcs.Storage.Resources;

/// <summary>
/// MSISDN pools: numbers added by range or one by one, each free, reserved (owner, optional expiry) or assigned to a
/// SIM. Every change is one transaction with its audit rows; a refused change writes nothing. A state change is a
/// conditional UPDATE (<c>WHERE status = 'free'</c>), so two concurrent reservations can never take the same number.
/// </summary>
public sealed class MsisdnPoolStore(NMcsDatabase database, AuditTrail audit)
{
    /// <summary>The most numbers one range may add.</summary>
    public const int MaxRangeSize = 100_000;

    private const string NumberColumns = "msisdn, pool, status, owner, iccid, expires_at, changed_at";

    private TimeProvider Clock => audit.Clock;

    /// <summary>Creates a pool, optionally dedicated to a customer. Creating an identical pool again returns it.</summary>
    public async Task<MsisdnPool> CreatePoolAsync(string name, string? customerId, string actor, CancellationToken cancellationToken = default)
    {
        name = ResourceChecks.Name(name, "name");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await FindPoolAsync(connection, transaction, name, cancellationToken) is { } existing)
        {
            if (existing.CustomerId == customerId)
            {
                return existing;
            }

            throw new DomainException("POOL_EXISTS", "name", $"MSISDN pool '{name}' already exists for customer '{existing.CustomerId ?? "(shared)"}'; use assignPoolToCustomer to change it.");
        }

        if (customerId is not null)
        {
            await ResourceChecks.CustomerExistsAsync(connection, transaction, customerId, "customerId", cancellationToken);
        }

        var now = Clock.GetUtcNow();
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO msisdn_pools (name, customer_id, created_at) VALUES (@name, @customer, @at)",
            ("@name", name),
            ("@customer", customerId ?? string.Empty),
            ("@at", DbValues.Time(now))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.AppendAsync(connection, transaction, actor, "msisdn_pool.create", "msisdn_pool", name, ResourceChecks.Detail(("customerId", customerId)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MsisdnPool(name, customerId, DbValues.Time(DbValues.Time(now)));
    }

    /// <summary>
    /// Adds the numbers <paramref name="from"/> to <paramref name="to"/> (inclusive, same length; <paramref name="to"/>
    /// null for one number) to a pool as free. Numbers already in this pool are skipped; a number in another pool
    /// refuses the whole range. Returns how many numbers were added.
    /// </summary>
    public async Task<int> AddRangeAsync(string pool, string from, string? to, string actor, CancellationToken cancellationToken = default)
    {
        var first = SimIdentifiers.ValidateMsisdn(from, "from");
        var last = to is null ? first : SimIdentifiers.ValidateMsisdn(to, "to");
        if (first.Length != last.Length)
        {
            throw new DomainException("INVALID_RANGE", "to", $"to {last} has {last.Length} digits but from {first} has {first.Length}; a range keeps the number length.");
        }

        var start = long.Parse(first, CultureInfo.InvariantCulture);
        var end = long.Parse(last, CultureInfo.InvariantCulture);
        if (end < start)
        {
            throw new DomainException("INVALID_RANGE", "to", $"to {last} is below from {first}; give the range lowest number first.");
        }

        if (end - start + 1 > MaxRangeSize)
        {
            throw new DomainException("RANGE_TOO_LARGE", "to", $"the range {first}-{last} has {end - start + 1} numbers; add at most {MaxRangeSize} per call.");
        }

        var numbers = new List<string>((int)(end - start + 1));
        for (var n = start; n <= end; n++)
        {
            numbers.Add(n.ToString(CultureInfo.InvariantCulture).PadLeft(first.Length, '0'));
        }

        return await AddNumbersAsync(pool, numbers, first + (last == first ? string.Empty : "-" + last), actor, cancellationToken);
    }

    /// <summary>Adds explicit numbers to a pool as free; the same rules as <see cref="AddRangeAsync"/>.</summary>
    public async Task<int> AddNumbersAsync(string pool, IReadOnlyCollection<string> msisdns, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(msisdns);
        if (msisdns.Count > MaxRangeSize)
        {
            throw new DomainException("RANGE_TOO_LARGE", "numbers", $"{msisdns.Count} numbers given; add at most {MaxRangeSize} per call.");
        }

        var numbers = msisdns.Select(m => SimIdentifiers.ValidateMsisdn(m, "numbers")).Distinct(StringComparer.Ordinal).ToList();
        return await AddNumbersAsync(pool, numbers, string.Join(",", numbers.Take(5)) + (numbers.Count > 5 ? ",…" : string.Empty), actor, cancellationToken);
    }

    /// <summary>
    /// Reserves <paramref name="msisdn"/>, or the lowest free number of the pool when null, for
    /// <paramref name="owner"/> until <paramref name="expiresAt"/> (null: no expiry).
    /// </summary>
    public Task<MsisdnNumber> ReserveAsync(string pool, string? msisdn, string owner, DateTimeOffset? expiresAt, string actor, CancellationToken cancellationToken = default) =>
        TakeAsync(pool, msisdn, ResourceState.Reserved, ResourceChecks.Owner(owner), null, expiresAt, actor, cancellationToken);

    /// <summary>
    /// Assigns <paramref name="msisdn"/>, or the lowest free number of the pool when null, to the SIM
    /// <paramref name="iccid"/>. A number reserved by <paramref name="owner"/> may be assigned by that owner.
    /// </summary>
    public Task<MsisdnNumber> AssignToSimAsync(string pool, string? msisdn, string iccid, string owner, string actor, CancellationToken cancellationToken = default) =>
        TakeAsync(pool, msisdn, ResourceState.Assigned, ResourceChecks.Owner(owner), SimIdentifiers.ValidateIccid(iccid), null, actor, cancellationToken);

    /// <summary>
    /// Frees a number. A reserved number is released by anyone (the audit row names who); an assigned number only
    /// when <paramref name="force"/> is set (its SIM keeps the number until an order changes it).
    /// </summary>
    public async Task<MsisdnNumber> ReleaseAsync(string msisdn, bool force, string actor, CancellationToken cancellationToken = default)
    {
        msisdn = SimIdentifiers.ValidateMsisdn(msisdn);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await FindNumberAsync(connection, transaction, msisdn, cancellationToken)
            ?? throw new DomainException("MSISDN_NOT_IN_POOL", "msisdn", $"msisdn {msisdn} is in no pool; add it with addMsisdnRange first.");
        if (current.State == ResourceState.Free)
        {
            return current;
        }

        if (current.State == ResourceState.Assigned && !force)
        {
            throw new DomainException("MSISDN_ASSIGNED", "msisdn", $"msisdn {msisdn} is assigned to SIM {current.Iccid}; release it with force: true only once the SIM no longer uses it.");
        }

        var now = Clock.GetUtcNow();
        await using (var update = NMcsDatabase.Command(
            connection,
            transaction,
            "UPDATE msisdn_numbers SET status = 'free', owner = NULL, iccid = NULL, expires_at = NULL, changed_at = @now WHERE msisdn = @m",
            ("@m", msisdn),
            ("@now", DbValues.Time(now))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.AppendAsync(connection, transaction, actor, "msisdn.release", "msisdn", msisdn, ResourceChecks.Detail(("pool", current.Pool), ("was", ResourceChecks.StateText(current.State)), ("owner", current.Owner), ("iccid", current.Iccid)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return current with { State = ResourceState.Free, Owner = null, Iccid = null, ExpiresAt = null, ChangedAt = DbValues.Time(DbValues.Time(now)) };
    }

    /// <summary>Dedicates a pool to a customer, or shares it again with <paramref name="customerId"/> null.</summary>
    public async Task<MsisdnPool> AssignToCustomerAsync(string pool, string? customerId, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await PoolOrThrowAsync(connection, transaction, pool, cancellationToken);
        if (existing.CustomerId == customerId)
        {
            return existing;
        }

        await PoolRows.AssignCustomerAsync(connection, transaction, audit, "msisdn_pools", "msisdn_pool", existing.Name, existing.CustomerId, customerId, actor, cancellationToken);
        return existing with { CustomerId = customerId };
    }

    /// <summary>A pool by name, or null.</summary>
    public async Task<MsisdnPool?> FindPoolAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindPoolAsync(connection, null, name, cancellationToken);
    }

    /// <summary>All pools, ordered by name.</summary>
    public async Task<IReadOnlyList<MsisdnPool>> ListPoolsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, "SELECT name, customer_id, created_at FROM msisdn_pools ORDER BY name");
        return await PoolRows.ReadAllAsync(command, ReadPool, cancellationToken);
    }

    /// <summary>A number's state, or null when it is in no pool. A lapsed reservation reads as free.</summary>
    public async Task<MsisdnNumber?> FindNumberAsync(string msisdn, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindNumberAsync(connection, null, msisdn, cancellationToken);
    }

    /// <summary>Numbers of a pool in order, optionally only those in <paramref name="state"/>, after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<MsisdnNumber>> NumbersAsync(string pool, ResourceState? state, int first, string? after, CancellationToken cancellationToken = default)
    {
        var now = DbValues.Time(Clock.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            $"SELECT {NumberColumns} FROM msisdn_numbers WHERE pool = @pool AND msisdn > @after AND {StateCondition(state)} ORDER BY msisdn LIMIT @first",
            ("@pool", pool),
            ("@after", after ?? string.Empty),
            ("@now", now),
            ("@first", first));
        return await PoolRows.ReadAllAsync(command, r => ReadNumber(r, now), cancellationToken);
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
            SELECT p.name, p.customer_id,
                   COUNT(n.msisdn),
                   SUM(CASE WHEN n.status = 'reserved' AND (n.expires_at IS NULL OR n.expires_at > @now) THEN 1 ELSE 0 END),
                   SUM(CASE WHEN n.status = 'assigned' THEN 1 ELSE 0 END)
            FROM msisdn_pools p LEFT JOIN msisdn_numbers n ON n.pool = p.name
            WHERE p.name = @pool OR @all = 1
            GROUP BY p.name, p.customer_id
            ORDER BY p.name
            """,
            ("@now", now),
            ("@pool", pool ?? string.Empty),
            ("@all", pool is null ? 1 : 0));
        return await PoolRows.ReadAllAsync(command, r => PoolRows.Utilisation(r, ResourceKind.MsisdnPool, r.GetInt64(2)), cancellationToken);
    }

    // Lapsed reservations read as free; @now is bound by the caller.
    private static string StateCondition(ResourceState? state) => state switch
    {
        null => "1 = 1",
        ResourceState.Free => "(status = 'free' OR (status = 'reserved' AND expires_at IS NOT NULL AND expires_at <= @now))",
        ResourceState.Reserved => "(status = 'reserved' AND (expires_at IS NULL OR expires_at > @now))",
        _ => "status = 'assigned'",
    };

    private async Task<int> AddNumbersAsync(string pool, IReadOnlyList<string> numbers, string description, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var target = await PoolOrThrowAsync(connection, transaction, pool, cancellationToken);
        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(500))
        {
            var names = chunk.Select((_, i) => "@m" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            await using var select = NMcsDatabase.Command(
                connection,
                transaction,
                $"SELECT msisdn, pool FROM msisdn_numbers WHERE msisdn IN ({string.Join(",", names)})",
                chunk.Select((m, i) => (names[i], (object?)m)).ToArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (existing.FirstOrDefault(e => e.Value != target.Name) is { Key: not null } clash)
        {
            throw new DomainException("MSISDN_IN_OTHER_POOL", "from", $"msisdn {clash.Key} already belongs to pool '{clash.Value}'; a number is in one pool only — leave it out of the range.");
        }

        var now = DbValues.Time(Clock.GetUtcNow());
        var added = 0;
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO msisdn_numbers (msisdn, pool, status, owner, iccid, expires_at, changed_at) VALUES (@m, @pool, 'free', NULL, NULL, NULL, @now)",
            ("@m", string.Empty),
            ("@pool", target.Name),
            ("@now", now)))
        {
            foreach (var number in numbers)
            {
                if (existing.ContainsKey(number))
                {
                    continue;
                }

                insert.Parameters["@m"].Value = number;
                added += await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (added > 0)
        {
            await audit.AppendAsync(connection, transaction, actor, "msisdn_pool.add_numbers", "msisdn_pool", target.Name, ResourceChecks.Detail(("numbers", description), ("added", added.ToString(CultureInfo.InvariantCulture))), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private async Task<MsisdnNumber> TakeAsync(string pool, string? msisdn, ResourceState state, string owner, string? iccid, DateTimeOffset? expiresAt, string actor, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        ResourceChecks.Expiry(expiresAt, now);
        if (msisdn is not null)
        {
            msisdn = SimIdentifiers.ValidateMsisdn(msisdn);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var target = await PoolOrThrowAsync(connection, transaction, pool, cancellationToken);
        await ExpireAsync(connection, transaction, target.Name, now, cancellationToken);

        // A candidate may be taken by a concurrent transaction between the SELECT and the UPDATE (PostgreSQL under
        // read committed); the conditional UPDATE then changes no row and the next candidate is tried.
        for (var attempt = 0; ; attempt++)
        {
            var candidate = msisdn ?? await LowestFreeAsync(connection, transaction, target.Name, cancellationToken)
                ?? throw new DomainException("POOL_EXHAUSTED", "pool", $"MSISDN pool '{target.Name}' has no free number; add a range with addMsisdnRange or release numbers.");
            await using var update = NMcsDatabase.Command(
                connection,
                transaction,
                """
                UPDATE msisdn_numbers SET status = @status, owner = @owner, iccid = @iccid, expires_at = @expires, changed_at = @now
                WHERE msisdn = @m AND pool = @pool AND (status = 'free' OR (status = 'reserved' AND owner = @owner AND @status = 'assigned'))
                """,
                ("@status", ResourceChecks.StateText(state)),
                ("@owner", owner),
                ("@iccid", iccid),
                ("@expires", expiresAt is { } e ? DbValues.Time(e) : null),
                ("@now", DbValues.Time(now)),
                ("@m", candidate),
                ("@pool", target.Name));
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                var action = state == ResourceState.Reserved ? "msisdn.reserve" : "msisdn.assign";
                await audit.AppendAsync(connection, transaction, actor, action, "msisdn", candidate, ResourceChecks.Detail(("pool", target.Name), ("owner", owner), ("iccid", iccid), ("expiresAt", expiresAt is { } x ? DbValues.Time(x) : null)), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new MsisdnNumber(candidate, target.Name, state, owner, iccid, expiresAt is { } y ? DbValues.Time(DbValues.Time(y)) : null, DbValues.Time(DbValues.Time(now)));
            }

            if (msisdn is not null)
            {
                var current = await FindNumberAsync(connection, transaction, msisdn, cancellationToken);
                if (current is null || current.Pool != target.Name)
                {
                    throw new DomainException("MSISDN_NOT_IN_POOL", "msisdn", $"msisdn {msisdn} is not in pool '{target.Name}'{(current is null ? string.Empty : $" (it is in '{current.Pool}')")}; pick a number of the pool or omit it to take the next free one.");
                }

                throw new DomainException("MSISDN_TAKEN", "msisdn", $"msisdn {msisdn} is already {ResourceChecks.StateText(current.State)}{(current.Iccid is null ? $" by {current.Owner}" : $" to SIM {current.Iccid}")}; pick another number or omit it to take the next free one.");
            }

            if (attempt >= 100)
            {
                throw new InvalidOperationException($"no free number of pool '{target.Name}' could be taken after {attempt} attempts.");
            }
        }
    }

    private async Task ExpireAsync(DbConnection connection, DbTransaction transaction, string pool, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(string Msisdn, string? Owner)> lapsed;
        await using (var select = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT msisdn, owner FROM msisdn_numbers WHERE pool = @pool AND status = 'reserved' AND expires_at IS NOT NULL AND expires_at <= @now",
            ("@pool", pool),
            ("@now", DbValues.Time(now))))
        {
            lapsed = await PoolRows.ReadAllAsync(select, r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), cancellationToken);
        }

        foreach (var (number, owner) in lapsed)
        {
            await using var update = NMcsDatabase.Command(
                connection,
                transaction,
                "UPDATE msisdn_numbers SET status = 'free', owner = NULL, expires_at = NULL, changed_at = @now WHERE msisdn = @m AND status = 'reserved'",
                ("@m", number),
                ("@now", DbValues.Time(now)));
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await audit.AppendAsync(connection, transaction, "system", "msisdn.expire", "msisdn", number, ResourceChecks.Detail(("pool", pool), ("owner", owner)), cancellationToken);
            }
        }
    }

    private static async Task<string?> LowestFreeAsync(DbConnection connection, DbTransaction transaction, string pool, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT msisdn FROM msisdn_numbers WHERE pool = @pool AND status = 'free' ORDER BY msisdn LIMIT 1", ("@pool", pool));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<MsisdnPool> PoolOrThrowAsync(DbConnection connection, DbTransaction transaction, string pool, CancellationToken cancellationToken) =>
        await FindPoolAsync(connection, transaction, pool, cancellationToken)
            ?? throw new DomainException("UNKNOWN_POOL", "pool", $"MSISDN pool '{pool}' does not exist; create it with createMsisdnPool.");

    private static async Task<MsisdnPool?> FindPoolAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT name, customer_id, created_at FROM msisdn_pools WHERE name = @name", ("@name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPool(reader) : null;
    }

    private async Task<MsisdnNumber?> FindNumberAsync(DbConnection connection, DbTransaction? transaction, string msisdn, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, $"SELECT {NumberColumns} FROM msisdn_numbers WHERE msisdn = @m", ("@m", msisdn));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadNumber(reader, DbValues.Time(Clock.GetUtcNow())) : null;
    }

    private static MsisdnPool ReadPool(DbDataReader reader)
    {
        var customer = reader.GetString(1);
        return new MsisdnPool(reader.GetString(0), customer.Length == 0 ? null : customer, DbValues.Time(reader.GetString(2)));
    }

    private static MsisdnNumber ReadNumber(DbDataReader reader, string now)
    {
        var state = ResourceChecks.State(reader.GetString(2));
        var expires = reader.IsDBNull(5) ? null : reader.GetString(5);
        if (state == ResourceState.Reserved && expires is not null && string.CompareOrdinal(expires, now) <= 0)
        {
            return new MsisdnNumber(reader.GetString(0), reader.GetString(1), ResourceState.Free, null, null, null, DbValues.Time(expires));
        }

        return new MsisdnNumber(
            reader.GetString(0),
            reader.GetString(1),
            state,
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            expires is null ? null : DbValues.Time(expires),
            DbValues.Time(reader.GetString(6)));
    }
}
