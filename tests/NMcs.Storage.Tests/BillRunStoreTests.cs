namespace NMcs.Storage.Tests;

public class BillRunStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("all", "cycle:monthly", true)]
    [InlineData("cycle:monthly", "cycle:monthly", true)]
    [InlineData("cycle:monthly", "cycle:monthly:15", false)]
    [InlineData("cycle:monthly", "payer:ACME-PAYER@monthly", true)]
    [InlineData("cycle:quarterly", "payer:ACME-PAYER@monthly", false)]
    [InlineData("payer:ACME-PAYER@monthly", "payer:ACME-PAYER@monthly", true)]
    [InlineData("payer:ACME-PAYER@monthly", "payer:OTHER-PAYER@monthly", false)]
    public void Scopes_overlap_when_a_payer_can_be_in_both(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, BillRunScope.Parse(a).Overlaps(BillRunScope.Parse(b)));
        Assert.Equal(overlap, BillRunScope.Parse(b).Overlaps(BillRunScope.Parse(a)));
        Assert.Equal(a, BillRunScope.Parse(a).ToString());
    }

    [Fact]
    public async Task An_overlapping_run_is_refused_while_one_runs_and_takes_no_number()
    {
        using var temp = await TempDatabase.CreateAsync();
        var store = new BillRunStore(temp.Database);

        var first = await store.StartAsync(BillRunScope.Parse("cycle:monthly"), 3, Now);
        var refused = await Assert.ThrowsAsync<DomainException>(() => store.StartAsync(BillRunScope.Parse("payer:ACME-PAYER@monthly"), 1, Now));
        var other = await store.StartAsync(BillRunScope.Parse("cycle:quarterly"), 2, Now);

        Assert.Equal("BR-000001", first.RunId);
        Assert.Equal("BILL_RUN_IN_PROGRESS", refused.Code);
        Assert.Equal("payerAccountId", refused.Field);
        Assert.Contains("BR-000001", refused.Message, StringComparison.Ordinal);
        Assert.Equal("BR-000002", other.RunId); // the refused start took no number
        Assert.Equal(2, await temp.CountAsync("bill_runs"));

        // Once the first run has finished, the same scope can run again; progress and the end are stored.
        await store.UpdateAsync(first.RunId, "completed", 3, 0, 0, string.Empty, Now.AddMinutes(1));
        var again = await store.StartAsync(BillRunScope.Parse("payer:ACME-PAYER@monthly"), 1, Now);
        Assert.Equal("BR-000003", again.RunId);
        var finished = await store.FindAsync(first.RunId);
        Assert.Equal(("completed", 3, Now.AddMinutes(1)), (finished!.Status, finished.Invoiced, finished.FinishedAt));
        Assert.Equal(["BR-000002", "BR-000003"], (await store.RunningAsync()).Select(r => r.RunId));
    }
}
