using NMcs.Storage.Resources;

namespace NMcs.Storage.Tests.Resources;

public sealed class MsisdnPoolStoreTests
{
    private const string Iccid = "8944500102198304826";

    [Fact]
    public async Task A_range_fills_a_pool_and_reservations_take_the_lowest_free_number()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Msisdns.CreatePoolAsync("de-1", null, "alice");

        Assert.Equal(10, await bed.Msisdns.AddRangeAsync("de-1", "4915100000000", "4915100000009", "alice"));
        Assert.Equal(0, await bed.Msisdns.AddRangeAsync("de-1", "4915100000000", "4915100000009", "alice"));
        var first = await bed.Msisdns.ReserveAsync("de-1", null, "order-1", null, "alice");
        var chosen = await bed.Msisdns.ReserveAsync("de-1", "4915100000005", "order-2", null, "bob");
        var next = await bed.Msisdns.ReserveAsync("de-1", null, "order-3", null, "alice");

        Assert.Equal("4915100000000", first.Msisdn);
        Assert.Equal("4915100000005", chosen.Msisdn);
        Assert.Equal("4915100000001", next.Msisdn);
        var use = Assert.Single(await bed.Msisdns.UtilisationAsync("de-1"));
        Assert.Equal(10, use.Size);
        Assert.Equal(3, use.Reserved);
        Assert.Equal(7, use.Free);
        Assert.Equal(30m, use.Percent);
    }

    [Fact]
    public async Task Reserving_a_taken_number_is_refused_and_changes_nothing()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Msisdns.CreatePoolAsync("de-1", null, "alice");
        await bed.Msisdns.AddRangeAsync("de-1", "4915100000000", "4915100000001", "alice");
        await bed.Msisdns.ReserveAsync("de-1", "4915100000000", "order-1", null, "alice");
        var before = await bed.Temp.CountAsync("audit_log");

        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.ReserveAsync("de-1", "4915100000000", "order-2", null, "bob"));

        Assert.Equal("MSISDN_TAKEN", refused.Code);
        Assert.Equal("msisdn", refused.Field);
        Assert.Equal("order-1", (await bed.Msisdns.FindNumberAsync("4915100000000"))!.Owner);
        Assert.Equal(before, await bed.Temp.CountAsync("audit_log"));
    }

    [Fact]
    public async Task An_exhausted_pool_refuses_naming_the_pool()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Msisdns.CreatePoolAsync("tiny", null, "alice");
        await bed.Msisdns.AddRangeAsync("tiny", "4915100000000", "4915100000001", "alice");
        await bed.Msisdns.ReserveAsync("tiny", null, "a", null, "alice");
        await bed.Msisdns.AssignToSimAsync("tiny", null, Iccid, "import", "alice");

        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.ReserveAsync("tiny", null, "b", null, "alice"));

        Assert.Equal("POOL_EXHAUSTED", refused.Code);
        Assert.Equal("pool", refused.Field);
        var use = Assert.Single(await bed.Msisdns.UtilisationAsync("tiny"));
        Assert.Equal((0, 1L, 1L, 100m), ((int)use.Free, use.Reserved, use.Assigned, use.Percent));
    }

    [Fact]
    public async Task A_reservation_lapses_at_its_expiry_and_the_number_is_free_again()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Msisdns.CreatePoolAsync("de-1", null, "alice");
        await bed.Msisdns.AddRangeAsync("de-1", "4915100000000", null, "alice");
        await bed.Msisdns.ReserveAsync("de-1", null, "order-1", ResourceTestBed.Start.AddHours(1), "alice");
        await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.ReserveAsync("de-1", null, "order-2", null, "bob"));

        bed.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ResourceState.Free, (await bed.Msisdns.FindNumberAsync("4915100000000"))!.State);
        var again = await bed.Msisdns.ReserveAsync("de-1", null, "order-2", null, "bob");
        Assert.Equal("order-2", again.Owner);
        Assert.Contains(await bed.Audit.ListAsync(new AuditQuery("msisdn", "4915100000000"), 10), r => r.Action == "msisdn.expire" && r.Actor == "system");
    }

    [Fact]
    public async Task Release_frees_a_reservation_but_an_assigned_number_only_with_force()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Msisdns.CreatePoolAsync("de-1", null, "alice");
        await bed.Msisdns.AddRangeAsync("de-1", "4915100000000", "4915100000001", "alice");
        await bed.Msisdns.ReserveAsync("de-1", null, "order-1", null, "alice");
        await bed.Msisdns.AssignToSimAsync("de-1", null, Iccid, "import", "alice");

        Assert.Equal(ResourceState.Free, (await bed.Msisdns.ReleaseAsync("4915100000000", false, "bob")).State);
        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.ReleaseAsync("4915100000001", false, "bob"));
        Assert.Equal("MSISDN_ASSIGNED", refused.Code);
        Assert.Equal(ResourceState.Free, (await bed.Msisdns.ReleaseAsync("4915100000001", true, "bob")).State);
    }

    [Fact]
    public async Task Bad_ranges_and_numbers_of_another_pool_are_refused_and_add_nothing()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Msisdns.CreatePoolAsync("a", null, "alice");
        await bed.Msisdns.CreatePoolAsync("b", null, "alice");
        await bed.Msisdns.AddRangeAsync("a", "4915100000005", null, "alice");

        Assert.Equal("MSISDN_IN_OTHER_POOL", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.AddRangeAsync("b", "4915100000000", "4915100000009", "alice"))).Code);
        Assert.Equal("INVALID_RANGE", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.AddRangeAsync("b", "4915100000009", "4915100000000", "alice"))).Code);
        Assert.Equal("INVALID_RANGE", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.AddRangeAsync("b", "4915100000009", "491510000001", "alice"))).Code);
        Assert.Equal("RANGE_TOO_LARGE", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.AddRangeAsync("b", "4915100000000", "4915100200000", "alice"))).Code);
        Assert.Equal("INVALID_MSISDN", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.AddRangeAsync("b", "0151", null, "alice"))).Code);
        Assert.Equal("UNKNOWN_POOL", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.AddRangeAsync("c", "4915100000000", null, "alice"))).Code);
        Assert.Equal("UNKNOWN_CUSTOMER", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.CreatePoolAsync("d", "NOPE", "alice"))).Code);
        Assert.Equal("INVALID_NAME", (await Assert.ThrowsAsync<DomainException>(() => bed.Msisdns.CreatePoolAsync("no spaces", null, "alice"))).Code);
        Assert.Equal(0, (await bed.Msisdns.UtilisationAsync("b")).Single().Size);
        Assert.Null(await bed.Msisdns.FindPoolAsync("d"));
    }

    [Fact]
    public async Task Concurrent_reservations_never_hand_out_the_same_number()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Msisdns.CreatePoolAsync("de-1", null, "alice");
        await bed.Msisdns.AddRangeAsync("de-1", "4915100000000", "4915100000039", "alice");

        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                return (await bed.Msisdns.ReserveAsync("de-1", null, "order-" + i, null, "load")).Msisdn;
            }
            catch (DomainException e) when (e.Code == "POOL_EXHAUSTED")
            {
                return null;
            }
        }));
        var taken = await Task.WhenAll(attempts);

        var numbers = taken.Where(t => t is not null).ToList();
        Assert.Equal(40, numbers.Count);
        Assert.Equal(40, numbers.Distinct().Count());
        Assert.Equal(10, taken.Count(t => t is null));
        Assert.Equal(40, (await bed.Audit.ListAsync(new AuditQuery("msisdn", Actor: "load"), 100)).Count);
    }

    [Fact]
    public async Task Every_change_writes_an_audit_row_with_the_actor()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.AddCustomerAsync("ACME");
        await bed.Msisdns.CreatePoolAsync("de-1", null, "alice");
        await bed.Msisdns.AddRangeAsync("de-1", "4915100000000", null, "alice");
        await bed.Msisdns.AssignToCustomerAsync("de-1", "ACME", "bob");
        await bed.Msisdns.ReserveAsync("de-1", null, "order-1", null, "carol");
        await bed.Msisdns.ReleaseAsync("4915100000000", false, "dave");

        var rows = await bed.Audit.ListAsync(new AuditQuery(), 50);
        Assert.Equal(
            [("alice", "msisdn_pool.create"), ("alice", "msisdn_pool.add_numbers"), ("bob", "msisdn_pool.assign_customer"), ("carol", "msisdn.reserve"), ("dave", "msisdn.release")],
            rows.Select(r => (r.Actor, r.Action)));
        Assert.Contains("\"owner\":\"order-1\"", rows[3].Detail, StringComparison.Ordinal);
        Assert.Equal("ACME", (await bed.Msisdns.FindPoolAsync("de-1"))!.CustomerId);
    }
}
