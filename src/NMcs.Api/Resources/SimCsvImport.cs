using System.Collections.Concurrent;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Identifiers;
using NMcs.Storage.Resources;

namespace NMcs.Api.Resources;

/// <summary>
/// Bulk SIM import from a delivery file, answered per row. Registration and assignment go through the SIM grain
/// (<see cref="ISimGrain.Register"/>, <see cref="ISimGrain.Assign"/>) so the SIM rules live in one place. Every check
/// that can refuse a row runs before anything is written for it (identifiers, duplicates inside the file, the
/// customer and account, the SIM's current registration, the MSISDN's pool state), so a refused row changes nothing.
/// Importing the same file again answers rows already registered exactly so as unchanged.
/// </summary>
public sealed class SimCsvImport(IGrainFactory grains, MsisdnPoolStore msisdnPools, AuditTrail audit)
{
    private const int Parallelism = 4;

    /// <summary>The owner written on numbers an import takes from a pool.</summary>
    public const string PoolOwner = "sim-import";

    /// <summary>Imports <paramref name="csv"/>; SIMs without an MSISDN take the lowest free number of <paramref name="msisdnPool"/>.</summary>
    public async Task<SimImportResult> ImportAsync(string csv, string? msisdnPool, string actor, CancellationToken cancellationToken = default)
    {
        var rows = SimCsvReader.Read(csv);
        MsisdnPool? pool = null;
        if (msisdnPool is not null)
        {
            pool = await msisdnPools.FindPoolAsync(msisdnPool, cancellationToken)
                ?? throw new DomainException("UNKNOWN_POOL", "msisdnPool", $"MSISDN pool '{msisdnPool}' does not exist; create it with createMsisdnPool or omit msisdnPool.");
        }

        var answers = new SimImportRow?[rows.Count];
        var firstSeen = new Dictionary<string, (int Line, string Iccid)>(StringComparer.Ordinal);
        var eligible = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var refusal = Validate(row, pool) ?? InFileDuplicate(row, firstSeen);
            if (refusal is not null)
            {
                answers[i] = new SimImportRow(row.Line, row.Iccid, SimImportOutcome.Refused, null, refusal.Code, refusal.Field, refusal.Message);
            }
            else
            {
                eligible.Add(i);
            }
        }

        var customers = new ConcurrentDictionary<string, Task<CustomerInfo?>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            eligible,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var row = rows[i];
                try
                {
                    answers[i] = await ImportRowAsync(row, pool, customers, actor, ct);
                }
                catch (DomainException e)
                {
                    answers[i] = new SimImportRow(row.Line, row.Iccid, SimImportOutcome.Refused, null, e.Code, e.Field, e.Message);
                }
            });
        return new SimImportResult(answers.Select(a => a!).ToList());
    }

    private async Task<SimImportRow> ImportRowAsync(SimCsvRow row, MsisdnPool? pool, ConcurrentDictionary<string, Task<CustomerInfo?>> customers, string actor, CancellationToken cancellationToken)
    {
        var iccid = SimIdentifiers.ValidateIccid(row.Iccid);
        var imsi = SimIdentifiers.ValidateImsi(row.Imsi);
        var customerId = Empty(row.CustomerId);
        var accountId = Empty(row.AccountId);
        if (customerId is not null)
        {
            var customer = await customers.GetOrAdd(customerId, id => grains.GetGrain<ICustomerGrain>(id).GetInfo())
                ?? throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customerId '{customerId}' does not exist; create the customer first or leave the column empty.");
            if (accountId is not null && accountId != customer.AccountId)
            {
                var account = await grains.GetGrain<IAccountGrain>(accountId).GetInfo();
                if (account is null || account.CustomerId != customerId)
                {
                    throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{accountId}' is not an account of customer {customerId}; open it with openAccount first or leave the column empty.");
                }
            }
        }

        var sim = grains.GetGrain<ISimGrain>(iccid);
        var existing = await sim.GetInfo();
        if (existing is not null)
        {
            var msisdn = Empty(row.Msisdn) is { } given ? SimIdentifiers.ValidateMsisdn(given) : existing.Msisdn;
            if (existing.Imsi != imsi || existing.Msisdn != msisdn)
            {
                throw new DomainException("SIM_EXISTS", "iccid", $"iccid {iccid} is already registered with imsi {existing.Imsi} and msisdn {existing.Msisdn}; SIM swaps and number changes go through orders.");
            }

            if (customerId is null || (existing.CustomerId == customerId && (accountId is null || accountId == existing.AccountId)))
            {
                return new SimImportRow(row.Line, iccid, SimImportOutcome.Unchanged, existing.Msisdn, null, null, null);
            }

            await sim.Assign(customerId, accountId);
            await audit.AppendAsync(actor, "sim.assign", "sim", iccid, Detail(("customerId", customerId), ("accountId", accountId), ("source", "importSims")), cancellationToken);
            return new SimImportRow(row.Line, iccid, SimImportOutcome.Accepted, existing.Msisdn, null, null, null);
        }

        string number;
        var fromPool = false;
        if (Empty(row.Msisdn) is { } explicitNumber)
        {
            number = SimIdentifiers.ValidateMsisdn(explicitNumber);
            var pooled = await msisdnPools.FindNumberAsync(number, cancellationToken);
            if (pooled is not null && pooled.State != ResourceState.Free && pooled.Iccid != iccid)
            {
                throw new DomainException("MSISDN_TAKEN", "msisdn", $"msisdn {number} of pool '{pooled.Pool}' is {pooled.State.ToString().ToLowerInvariant()}{(pooled.Iccid is null ? $" by {pooled.Owner}" : $" to SIM {pooled.Iccid}")}; use another number or leave the column empty to take one from msisdnPool.");
            }

            if (pooled is not null && pooled.State == ResourceState.Free)
            {
                await msisdnPools.AssignToSimAsync(pooled.Pool, number, iccid, PoolOwner, actor, cancellationToken);
                fromPool = true;
            }
        }
        else
        {
            // Validate() refused the row when no pool was given.
            var taken = await msisdnPools.AssignToSimAsync(pool!.Name, null, iccid, PoolOwner, actor, cancellationToken);
            number = taken.Msisdn;
            fromPool = true;
        }

        try
        {
            await sim.Register(imsi, number);
        }
        catch (DomainException)
        {
            if (fromPool)
            {
                await msisdnPools.ReleaseAsync(number, force: true, actor, cancellationToken);
            }

            throw;
        }

        await audit.AppendAsync(actor, "sim.register", "sim", iccid, Detail(("imsi", imsi), ("msisdn", number), ("source", "importSims")), cancellationToken);
        if (customerId is not null)
        {
            await sim.Assign(customerId, accountId);
            await audit.AppendAsync(actor, "sim.assign", "sim", iccid, Detail(("customerId", customerId), ("accountId", accountId), ("source", "importSims")), cancellationToken);
        }

        return new SimImportRow(row.Line, iccid, SimImportOutcome.Accepted, number, null, null, null);
    }

    private static DomainException? Validate(SimCsvRow row, MsisdnPool? pool)
    {
        try
        {
            SimIdentifiers.ValidateIccid(row.Iccid);
            SimIdentifiers.ValidateImsi(row.Imsi);
            if (row.Msisdn.Length > 0)
            {
                SimIdentifiers.ValidateMsisdn(row.Msisdn);
            }
            else if (pool is null)
            {
                return new DomainException("INVALID_MSISDN", "msisdn", "msisdn is empty; fill the column or pass msisdnPool to take the number from a pool.");
            }
            else if (pool.CustomerId is not null && pool.CustomerId != row.CustomerId)
            {
                return new DomainException("POOL_OF_OTHER_CUSTOMER", "msisdnPool", $"MSISDN pool '{pool.Name}' is dedicated to customer {pool.CustomerId}, not '{row.CustomerId}'; use a shared pool or that customer's rows only.");
            }

            if (row.AccountId.Length > 0 && row.CustomerId.Length == 0)
            {
                return new DomainException("INVALID_ACCOUNT", "accountId", "accountId needs a customerId on the same row; fill customerId or leave accountId empty.");
            }

            return null;
        }
        catch (DomainException e)
        {
            return e;
        }
    }

    private static DomainException? InFileDuplicate(SimCsvRow row, Dictionary<string, (int Line, string Iccid)> firstSeen)
    {
        var iccid = SimIdentifiers.ValidateIccid(row.Iccid);
        var keys = new List<(string Field, string Key)> { ("iccid", "iccid:" + iccid), ("imsi", "imsi:" + row.Imsi) };
        if (row.Msisdn.Length > 0)
        {
            keys.Add(("msisdn", "msisdn:" + SimIdentifiers.ValidateMsisdn(row.Msisdn)));
        }

        foreach (var (field, key) in keys)
        {
            if (firstSeen.TryGetValue(key, out var earlier))
            {
                return new DomainException("DUPLICATE_IN_FILE", field, $"{field} {key[(field.Length + 1)..]} already appears on line {earlier.Line} (iccid {earlier.Iccid}); each SIM and identifier once per file.");
            }
        }

        foreach (var (_, key) in keys)
        {
            firstSeen[key] = (row.Line, iccid);
        }

        return null;
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static string Detail(params (string Key, string? Value)[] values) =>
        System.Text.Json.JsonSerializer.Serialize(values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value));
}
