using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// Deployed tariff rule versions. The database is where silos learn of a new version: each silo loads the latest
/// version of every rule at start and polls for newer ones.
/// </summary>
public sealed class RuleStore(NMcsDatabase database)
{
    /// <summary>Stores <paramref name="rule"/> as the next version of its name; returns it with the version set.</summary>
    public async Task<StoredRule> AppendAsync(StoredRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int next;
        await using (var max = NMcsDatabase.Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM tariff_rules WHERE name = @name", ("@name", rule.Name)))
        {
            next = Convert.ToInt32(await max.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) + 1;
        }

        var stored = rule with { Version = next };
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO tariff_rules (name, version, sha256, file_name, source, deployed_at) VALUES (@name, @version, @sha, @file, @source, @at)",
            ("@name", stored.Name),
            ("@version", stored.Version),
            ("@sha", stored.Sha256),
            ("@file", stored.FileName),
            ("@source", stored.Source),
            ("@at", DbValues.Time(stored.DeployedAt))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>The latest version of every rule.</summary>
    public async Task<IReadOnlyList<StoredRule>> LatestAsync(CancellationToken cancellationToken = default)
    {
        var rules = new List<StoredRule>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT r.name, r.version, r.sha256, r.file_name, r.source, r.deployed_at FROM tariff_rules r WHERE r.version = (SELECT MAX(version) FROM tariff_rules q WHERE q.name = r.name) ORDER BY r.name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new StoredRule(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), DbValues.Time(reader.GetString(5))));
        }

        return rules;
    }
}
