using System.Numerics;
using NMcs.Storage.Resources;

namespace NMcs.Storage.Tests.Resources;

public sealed class IpPoolStoreTests
{
    [Theory]
    [InlineData("10.0.0.0/30", "10.0.0.1", "10.0.0.2", 2)]
    [InlineData("10.0.0.0/31", "10.0.0.0", "10.0.0.1", 2)]
    [InlineData("10.0.0.7/32", "10.0.0.7", "10.0.0.7", 1)]
    [InlineData("10.20.0.0/24", "10.20.0.1", "10.20.0.254", 254)]
    [InlineData("2001:db8::/127", "2001:db8::", "2001:db8::1", 2)]
    public async Task Cidr_edges_exclude_the_ipv4_network_and_broadcast_only_up_to_30(string cidr, string first, string last, int size)
    {
        await using var bed = await ResourceTestBed.CreateAsync();

        var pool = await bed.Ips.CreatePoolAsync("p", cidr, null, null, "alice");

        Assert.Equal((first, last, new BigInteger(size)), (pool.FirstAddress, pool.LastAddress, pool.Size));
        var handed = new List<string>();
        for (var i = 0; i < size; i++)
        {
            handed.Add((await bed.Ips.AllocateAsync("p", null, "o", null, null, "alice")).Address);
        }

        Assert.Equal(first, handed[0]);
        Assert.Equal(last, handed[^1]);
        Assert.Equal("POOL_EXHAUSTED", (await Assert.ThrowsAsync<DomainException>(() => bed.Ips.AllocateAsync("p", null, "o", null, null, "alice"))).Code);
        Assert.Equal(100m, (await bed.Ips.UtilisationAsync("p")).Single().Percent);
    }

    [Fact]
    public async Task The_ipv4_network_and_broadcast_addresses_are_refused_by_name()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Ips.CreatePoolAsync("p", "192.168.1.0/24", null, null, "alice");

        var network = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.AllocateAsync("p", "192.168.1.0", "o", null, null, "alice"));
        var broadcast = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.AllocateAsync("p", "192.168.1.255", "o", null, null, "alice"));
        var outside = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.AllocateAsync("p", "192.168.2.1", "o", null, null, "alice"));

        Assert.Equal(("ADDRESS_NOT_USABLE", "address"), (network.Code, network.Field));
        Assert.Contains("network address", network.Message, StringComparison.Ordinal);
        Assert.Contains("broadcast address", broadcast.Message, StringComparison.Ordinal);
        Assert.Equal("ADDRESS_NOT_IN_POOL", outside.Code);
        Assert.Equal(0, await bed.Temp.CountAsync("ip_addresses"));
    }

    [Fact]
    public async Task An_ipv6_64_is_never_materialised_and_its_utilisation_uses_a_big_size()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Ips.CreatePoolAsync("v6", "2001:db8:1::/64", null, null, "alice");

        var a = await bed.Ips.AllocateAsync("v6", null, "o", null, null, "alice");
        var b = await bed.Ips.AllocateAsync("v6", "2001:db8:1::ffff:1", "o", "8944500102198304826", null, "alice");
        var c = await bed.Ips.AllocateAsync("v6", null, "o", null, null, "alice");

        Assert.Equal(("2001:db8:1::", "2001:db8:1::ffff:1", "2001:db8:1::1"), (a.Address, b.Address, c.Address));
        Assert.Equal(ResourceState.Assigned, b.State);
        Assert.Equal(3, await bed.Temp.CountAsync("ip_addresses"));
        var use = (await bed.Ips.UtilisationAsync("v6")).Single();
        Assert.Equal(BigInteger.Pow(2, 64), use.Size);
        Assert.Equal(BigInteger.Pow(2, 64) - 3, use.Free);
        Assert.Equal((2L, 1L), (use.Reserved, use.Assigned));
        Assert.Equal(0.000000000000m, use.Percent);
        Assert.True(use.Percent >= 0);
    }

    [Fact]
    public async Task Overlapping_pools_are_refused_and_disjoint_ones_accepted()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Ips.CreatePoolAsync("a", "10.0.0.0/24", null, null, "alice");

        var inside = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.CreatePoolAsync("b", "10.0.0.128/25", null, null, "alice"));
        var around = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.CreatePoolAsync("c", "10.0.0.0/16", null, null, "alice"));
        await bed.Ips.CreatePoolAsync("d", "10.0.1.0/24", null, null, "alice");
        await bed.Ips.CreatePoolAsync("v6", "2001:db8::/48", null, null, "alice");
        var v6 = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.CreatePoolAsync("v6b", "2001:db8:0:5::/64", null, null, "alice"));

        Assert.Equal(("POOL_OVERLAPS", "cidr"), (inside.Code, inside.Field));
        Assert.Contains("'a'", around.Message, StringComparison.Ordinal);
        Assert.Equal("POOL_OVERLAPS", v6.Code);
        Assert.Equal(["a", "d", "v6"], (await bed.Ips.ListPoolsAsync()).Select(p => p.Name));
    }

    [Theory]
    [InlineData("10.0.0.5/24", "host bits")]
    [InlineData("10.0.0.0/33", "/33")]
    [InlineData("10.0.0.0", "not a CIDR")]
    [InlineData("2001:db8::1/64", "host bits")]
    [InlineData("banana/8", "not a CIDR")]
    public async Task Bad_blocks_are_refused_naming_the_field_and_the_fix(string cidr, string says)
    {
        await using var bed = await ResourceTestBed.CreateAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.CreatePoolAsync("p", cidr, null, null, "alice"));

        Assert.Equal(("INVALID_CIDR", "cidr"), (refused.Code, refused.Field));
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await bed.Temp.CountAsync("ip_pools"));
        Assert.Equal(0, await bed.Temp.CountAsync("audit_log"));
    }

    [Fact]
    public async Task A_released_address_is_handed_out_again_and_taking_a_taken_one_is_refused()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Ips.CreatePoolAsync("p", "10.0.0.0/29", null, null, "alice");
        await bed.Ips.AllocateAsync("p", null, "o1", null, null, "alice");
        await bed.Ips.AllocateAsync("p", null, "o2", null, null, "alice");

        var taken = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.AllocateAsync("p", "10.0.0.1", "o3", null, null, "bob"));
        await bed.Ips.ReleaseAsync("p", "10.0.0.1", "bob");
        var notAllocated = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.ReleaseAsync("p", "10.0.0.1", "bob"));
        var again = await bed.Ips.AllocateAsync("p", null, "o3", null, null, "bob");

        Assert.Equal(("ADDRESS_TAKEN", "address"), (taken.Code, taken.Field));
        Assert.Equal("ADDRESS_NOT_ALLOCATED", notAllocated.Code);
        Assert.Equal("10.0.0.1", again.Address);
        Assert.Equal(
            ["ip.reserve", "ip.reserve", "ip.release", "ip.reserve"],
            (await bed.Audit.ListAsync(new AuditQuery("ip"), 50)).Select(r => r.Action));
    }

    [Fact]
    public async Task A_lapsed_reservation_frees_its_address()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Ips.CreatePoolAsync("p", "10.0.0.8/32", null, null, "alice");
        await bed.Ips.AllocateAsync("p", null, "o1", null, ResourceTestBed.Start.AddMinutes(30), "alice");
        Assert.Equal(0, (await bed.Ips.UtilisationAsync("p")).Single().Free);

        bed.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(1, (await bed.Ips.UtilisationAsync("p")).Single().Free);
        Assert.Equal("o2", (await bed.Ips.AllocateAsync("p", null, "o2", null, null, "bob")).Owner);
    }

    [Fact]
    public async Task Concurrent_allocations_never_hand_out_the_same_address()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.Ips.CreatePoolAsync("p", "10.9.0.0/27", null, null, "alice");

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                return (await bed.Ips.AllocateAsync("p", null, "o" + i, null, null, "load")).Address;
            }
            catch (DomainException e) when (e.Code == "POOL_EXHAUSTED")
            {
                return null;
            }
        })));

        var addresses = results.Where(r => r is not null).ToList();
        Assert.Equal(30, addresses.Count);
        Assert.Equal(30, addresses.Distinct().Count());
        Assert.DoesNotContain("10.9.0.0", addresses);
        Assert.DoesNotContain("10.9.0.31", addresses);
    }

    [Fact]
    public async Task A_pool_names_an_existing_apn_and_customer()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.AddCustomerAsync("ACME");
        await bed.Apns.CreateAsync("iot.acme.example", ApnType.Private, ["ACME"], "alice");

        var unknownApn = await Assert.ThrowsAsync<DomainException>(() => bed.Ips.CreatePoolAsync("p", "10.0.0.0/24", "other.example", null, "alice"));
        var pool = await bed.Ips.CreatePoolAsync("p", "10.0.0.0/24", "IOT.acme.example", "ACME", "alice");
        var moved = await bed.Ips.AssignToCustomerAsync("p", null, "bob");

        Assert.Equal(("UNKNOWN_APN", "apn"), (unknownApn.Code, unknownApn.Field));
        Assert.Equal(("iot.acme.example", "ACME"), (pool.Apn, pool.CustomerId));
        Assert.Null(moved.CustomerId);
    }
}
