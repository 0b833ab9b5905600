using NMcs.Storage.Resources;

namespace NMcs.Storage.Tests.Resources;

public sealed class AuditTrailTests
{
    [Fact]
    public async Task Rows_are_appended_with_increasing_ids_and_the_platform_time()
    {
        await using var bed = await ResourceTestBed.CreateAsync();

        var first = await bed.Audit.AppendAsync("alice", "order.create", "order", "O-1", "{\"kind\":\"activate\"}");
        bed.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await bed.Audit.AppendAsync("  ", "order.complete", "order", "O-1", null);

        Assert.Equal(first.Id + 1, second.Id);
        Assert.Equal(ResourceTestBed.Start, first.At);
        Assert.Equal(ResourceTestBed.Start.AddMinutes(5), second.At);
        Assert.Equal(AuditTrail.AnonymousActor, second.Actor);
        var rows = await bed.Audit.ListAsync(new AuditQuery("order", "O-1"), 10);
        Assert.Equal([first, second], rows);
    }

    [Fact]
    public async Task Queries_filter_by_entity_actor_and_time_range_and_page_by_id()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        for (var i = 0; i < 10; i++)
        {
            await bed.Audit.AppendAsync(i % 2 == 0 ? "alice" : "bob", "thing.change", "thing", "T-" + (i % 3), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            bed.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(5, (await bed.Audit.ListAsync(new AuditQuery(Actor: "alice"), 50)).Count);
        Assert.Equal(["0", "3", "6", "9"], (await bed.Audit.ListAsync(new AuditQuery("thing", "T-0"), 50)).Select(r => r.Detail));
        var window = await bed.Audit.ListAsync(new AuditQuery(From: ResourceTestBed.Start.AddHours(2), To: ResourceTestBed.Start.AddHours(5)), 50);
        Assert.Equal(["2", "3", "4"], window.Select(r => r.Detail));

        var page1 = await bed.Audit.ListAsync(new AuditQuery(), 4);
        var page2 = await bed.Audit.ListAsync(new AuditQuery(), 4, page1[^1].Id);
        var page3 = await bed.Audit.ListAsync(new AuditQuery(), 4, page2[^1].Id);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), page1.Concat(page2).Concat(page3).Select(r => r.Detail));
    }

    [Fact]
    public async Task A_row_appended_in_a_transaction_that_rolls_back_is_not_kept()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await using (var connection = await bed.Temp.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await bed.Audit.AppendAsync(connection, transaction, "alice", "x.change", "x", "1", null);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await bed.Audit.ListAsync(new AuditQuery(), 10));
        Assert.Equal(1, (await bed.Audit.AppendAsync("alice", "x.change", "x", "1", null)).Id);
    }
}
