namespace NMcs.Storage.Tests;

/// <summary>
/// The ledger's readers are served by indexes, not table scans, while every insert touches as few B-trees as it
/// can: these read the query plans SQLite chooses for the readers' WHERE clauses.
/// </summary>
public sealed class RatedUsageIndexTests : StoreTest
{
    [Theory]
    [InlineData("account_id = 'a' AND period = '2026-03'", "ix_rated_usage_account_period")] // a cycle's counters
    [InlineData("account_id = 'a' AND invoice_id IS NULL", "ix_rated_usage_account_period")] // unbilled records
    [InlineData("invoice_id = 'inv-1'", "ix_rated_usage_invoice")] // an invoice's usage lines
    [InlineData("iccid = '8949000000000000001'", "ix_rated_usage_sim")] // a SIM's records
    [InlineData("product_id = 'p' AND period = '2026-03'", "ix_rated_usage_product")] // what-if of a product's cycle
    public async Task Each_reader_of_the_ledger_uses_an_index(string where, string index)
    {
        var plan = await PlanAsync("SELECT record_id, amount FROM rated_usage WHERE " + where);

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN rated_usage", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unbilled_record_goes_into_the_table_and_four_indexes_not_the_invoice_index()
    {
        // The table, its record_id key, and the account, SIM and product indexes; the partial invoice index only holds
        // invoiced rows, so inserting an unbilled row leaves it untouched.
        var indexes = await ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rated_usage' ORDER BY name");
        Assert.Equal(
            ["ix_rated_usage_account_period", "ix_rated_usage_invoice", "ix_rated_usage_product", "ix_rated_usage_sim", "sqlite_autoindex_rated_usage_1"],
            indexes);
        var partial = await ScalarsAsync("SELECT sql FROM sqlite_master WHERE name = 'ix_rated_usage_invoice'");
        Assert.Contains("WHERE invoice_id IS NOT NULL", partial[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_of_an_earlier_build_loses_its_two_old_account_indexes_on_start()
    {
        await Db.ExecuteAsync("CREATE INDEX ix_rated_usage_account ON rated_usage (account_id, invoice_id)");
        await Db.ExecuteAsync("CREATE INDEX ix_rated_usage_period ON rated_usage (account_id, period)");

        await Db.ReopenAsync();

        var indexes = await ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rated_usage'");
        Assert.DoesNotContain("ix_rated_usage_account", indexes);
        Assert.DoesNotContain("ix_rated_usage_period", indexes);
    }

    private async Task<string> PlanAsync(string sql) => string.Join("\n", await ScalarsAsync("EXPLAIN QUERY PLAN " + sql, column: 3));

    private async Task<List<string>> ScalarsAsync(string sql, int column = 0)
    {
        var list = new List<string>();
        await using var connection = await Db.Database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(column));
        }

        return list;
    }
}
