using System.Data.Common;

namespace NMcs.Storage;

/// <summary>
/// Where a product's rows of one cycle lie in the ledger: the first and the last <c>seq</c> of any row with that
/// product and period, one row of <c>ledger_product_periods</c> per pair. Every such row lies in that range (others
/// may too), so the what-if analysis reads a product's cycle as a range of the table filtered by product and period.
/// The range is widened by each append, in the append's own transaction, once for every pair the append carries: an
/// index on (product, period) cost a B-tree entry per row on the store's one writer, for a query an analyst runs now
/// and then.
/// </summary>
internal static class LedgerProductPeriods
{
    internal const string Schema =
        "CREATE TABLE IF NOT EXISTS ledger_product_periods (product_id TEXT NOT NULL, period TEXT NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, PRIMARY KEY (product_id, period)) WITHOUT ROWID";

    /// <summary>Widens the range of one product and period to take in <c>seq</c> ?3 to ?4.</summary>
    internal const string WidenSql =
        "INSERT INTO ledger_product_periods (product_id, period, first_seq, last_seq) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (product_id, period) DO UPDATE SET first_seq = min(first_seq, excluded.first_seq), last_seq = max(last_seq, excluded.last_seq)";

    /// <summary>The rows of product <c>@product</c> in period <c>@period</c>: a condition on <c>rated_usage</c>, searched by <c>seq</c>.</summary>
    internal const string RowsOf =
        "seq BETWEEN (SELECT first_seq FROM ledger_product_periods WHERE product_id = @product AND period = @period) AND (SELECT last_seq FROM ledger_product_periods WHERE product_id = @product AND period = @period) AND product_id = @product AND period = @period";

    /// <summary>The distinct product and period pairs of <paramref name="rows"/>, in their first row's order (one, mostly).</summary>
    internal static List<(string ProductId, string Period)> Of(IReadOnlyList<RatedUsageRow> rows)
    {
        var pairs = new List<(string, string)>(1);
        foreach (var row in rows)
        {
            var pair = (row.ProductId, row.Period);
            if (!pairs.Contains(pair))
            {
                pairs.Add(pair);
            }
        }

        return pairs;
    }

    /// <summary>Widens the ranges of <paramref name="pairs"/> to take in the rows <paramref name="first"/> to <paramref name="last"/> an append wrote.</summary>
    internal static void Widen(GroupTransaction group, List<(string ProductId, string Period)> pairs, long first, long last)
    {
        var widen = group.Native(WidenSql);
        foreach (var (productId, period) in pairs)
        {
            widen.Text(1, productId);
            widen.Text(2, period);
            widen.Int(3, first);
            widen.Int(4, last);
            widen.Execute();
        }
    }

    /// <summary>
    /// Moves a store over from the index of earlier builds (<c>ix_rated_usage_product</c>): fills the ranges from its
    /// rows, through that index, and drops it. With <paramref name="rebuild"/> (rows were just copied in) the ranges
    /// are filled from the table whether or not the index was there.
    /// </summary>
    internal static async Task MoveInAsync(DbConnection connection, DbTransaction transaction, bool rebuild, CancellationToken cancellationToken)
    {
        if (!rebuild && !await NMcsDatabase.HasSchemaObjectAsync(connection, transaction, "index", "ix_rated_usage_product", cancellationToken))
        {
            return;
        }

        await NMcsDatabase.ExecuteAllAsync(connection, transaction, [
            "DELETE FROM ledger_product_periods",
            "INSERT INTO ledger_product_periods (product_id, period, first_seq, last_seq) SELECT product_id, period, min(seq), max(seq) FROM rated_usage GROUP BY product_id, period",
            "DROP INDEX IF EXISTS ix_rated_usage_product"], cancellationToken);
    }
}
