using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NMcs.Abstractions.Contracts;

namespace NMcs.Storage;

/// <summary>
/// The subscriptions of each account, one row per subscription (<c>account_subscriptions</c>). The account grain
/// keeps them in memory and writes only the row a change touches, so an order on one SIM of an account with 100,000
/// SIMs writes one small row, not the whole account. Each row holds the subscription as JSON; <c>position</c> keeps
/// the order in which subscriptions were added.
/// </summary>
public sealed class AccountSubscriptionStore(NMcsDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>CREATE statements, each idempotent.</summary>
    internal static IReadOnlyList<string> Schema { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS account_subscriptions (
            account_id TEXT NOT NULL,
            subscription_id TEXT NOT NULL,
            position BIGINT NOT NULL,
            iccid TEXT NOT NULL,
            subscription TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (account_id, subscription_id))
        """,
        "CREATE INDEX IF NOT EXISTS ix_account_subscriptions_iccid ON account_subscriptions (iccid)",
    ];

    /// <summary>The subscriptions of <paramref name="accountId"/> in the order they were added.</summary>
    public async Task<List<SubscriptionInfo>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var list = new List<SubscriptionInfo>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT subscription FROM account_subscriptions WHERE account_id = @account ORDER BY position, subscription_id",
            ("@account", accountId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Decode(reader.GetString(0)));
        }

        return list;
    }

    /// <summary>
    /// The subscriptions of each of <paramref name="accountIds"/> in the order they were added (as <see cref="ListAsync"/>),
    /// read 500 accounts to a query; an account without subscriptions is not in the answer.
    /// </summary>
    public async Task<Dictionary<string, List<SubscriptionInfo>>> ListManyAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var rows = new List<(string Account, long Position, string Id, string Json)>();
        await database.ReadForIdsAsync(
            "SELECT account_id, position, subscription_id, subscription FROM account_subscriptions WHERE account_id IN ({0})",
            accountIds,
            row => rows.Add((row.ColumnText(0), row.ColumnInt64(1), row.ColumnText(2), row.ColumnText(3))),
            cancellationToken);

        // Sorted here as ListAsync's ORDER BY does (by position, then id, ordinal as SQLite's BINARY collation).
        rows.Sort((a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : string.CompareOrdinal(a.Id, b.Id));
        var lists = new Dictionary<string, List<SubscriptionInfo>>(StringComparer.Ordinal);
        foreach (var (account, _, _, json) in rows)
        {
            (CollectionsMarshal.GetValueRefOrAddDefault(lists, account, out _) ??= []).Add(Decode(json));
        }

        return lists;
    }

    /// <summary>
    /// Inserts or replaces each subscription of <paramref name="accountId"/> in one transaction. A new row gets
    /// <c>position</c> from <see cref="SubscriptionWrite.Position"/>; an existing row keeps its position.
    /// </summary>
    public async Task SaveAsync(string accountId, IReadOnlyList<SubscriptionWrite> subscriptions, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        if (subscriptions.Count == 0)
        {
            return;
        }

        foreach (var (subscription, _) in subscriptions)
        {
            if (subscription.AccountId != accountId)
            {
                throw new ArgumentException($"subscription {subscription.Id} belongs to account {subscription.AccountId}, not {accountId}.", nameof(subscriptions));
            }
        }

        var rows = subscriptions.Select(w => (w.Subscription.Id, w.Position, w.Subscription.Iccid, Json: JsonSerializer.Serialize(w.Subscription, Json))).ToList();
        var updatedAt = DbValues.Time(at);

        // Grouped with other small writes (grain state, order rows): one commit for all of them.
        await database.WriteGroupedAsync(
            async group =>
            {
                foreach (var row in rows)
                {
                    var upsert = await group.CommandAsync(
                        """
                        INSERT INTO account_subscriptions (account_id, subscription_id, position, iccid, subscription, updated_at)
                        VALUES (@account, @id, @position, @iccid, @subscription, @at)
                        ON CONFLICT (account_id, subscription_id) DO UPDATE SET
                            iccid = excluded.iccid, subscription = excluded.subscription, updated_at = excluded.updated_at
                        """,
                        ("@account", accountId),
                        ("@id", row.Id),
                        ("@position", row.Position),
                        ("@iccid", row.Iccid),
                        ("@subscription", row.Json),
                        ("@at", updatedAt));
                    await upsert.ExecuteNonQueryAsync();
                }

                return rows.Count;
            },
            cancellationToken);
    }

    /// <summary>
    /// The paying account of each of <paramref name="iccids"/> that has exactly one open subscription (no end) and no
    /// SIM swap in any of its rows: the accounts ingestion can send those SIMs' usage to without asking their SIM
    /// grains. Ended subscriptions of earlier plans do not matter. SIMs not in the answer (no open subscription,
    /// several, or a swap in their history) are for their SIM grain to decide.
    /// </summary>
    public async Task<Dictionary<string, string>> OpenAccountsAsync(IReadOnlyCollection<string> iccids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iccids);
        var open = new Dictionary<string, string>(StringComparer.Ordinal);
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        // SQLite looks into the JSON for the end and the swaps: decoding every row here cost more than the query.
        await database.ReadForIdsAsync(
            $"SELECT iccid, account_id, {EndedAtColumn} IS NULL, coalesce({SimSwapCountColumn}, 0) FROM account_subscriptions WHERE iccid IN ({{0}})",
            iccids,
            row =>
            {
                var iccid = row.ColumnText(0);
                var isOpen = row.ColumnInt64(2) != 0;
                if (row.ColumnInt64(3) > 0 || (isOpen && open.ContainsKey(iccid)))
                {
                    excluded.Add(iccid);
                }
                else if (isOpen)
                {
                    open[iccid] = row.ColumnText(1);
                }
            },
            cancellationToken);

        return open.Where(pair => !excluded.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
    }

    // The members of the stored JSON OpenAccountsAsync reads in SQL, named as Json writes them (camelCase; a null
    // member is left out, so a missing end reads as NULL).
    private const string EndedAtColumn = "json_extract(subscription, '$.endedAt')";
    private const string SimSwapCountColumn = "json_array_length(subscription, '$.simSwaps')";

    private static SubscriptionInfo Decode(string json) =>
        JsonSerializer.Deserialize<SubscriptionInfo>(json, Json)
        ?? throw new InvalidDataException("account_subscriptions holds a null subscription.");
}

/// <summary>A subscription to store and the position it takes if it is new.</summary>
public readonly record struct SubscriptionWrite(SubscriptionInfo Subscription, long Position);
