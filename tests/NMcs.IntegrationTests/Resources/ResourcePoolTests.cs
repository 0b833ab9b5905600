using System.Text.Json;
using NMcs.IntegrationTests.Http;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Resources;

/// <summary>MSISDN pools, APNs and fixed-IP pools through the real host's GraphQL, with the audit trail.</summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class ResourcePoolTests(ResourceHostFixture fixture, ITestOutputHelper output) : HostTest(fixture.Host, output), IClassFixture<ResourceHostFixture>
{
    [Fact]
    public async Task An_msisdn_pool_is_filled_reserved_exhausted_released_and_audited_with_the_actor()
    {
        await Host.AsAsync("alice", """mutation { createMsisdnPool(name: "tiny", customerId: "RES-A") { name customerId } }""");
        var added = await Host.AsAsync("alice", """mutation { addMsisdnRange(pool: "tiny", from: "4915193900000", to: "4915193900002") { added pool { utilisation { size free } } } }""");
        Assert.Equal(3, added.At("addMsisdnRange", "added").GetInt32());
        Assert.Equal("3", added.Str("addMsisdnRange", "pool", "utilisation", "size"));

        var first = await Host.AsAsync("bob", """mutation { reserveMsisdn(pool: "tiny", owner: "order-1") { msisdn state owner } }""");
        var chosen = await Host.AsAsync("bob", """mutation { reserveMsisdn(pool: "tiny", msisdn: "4915193900002", owner: "order-2", expiresAt: "2026-03-02T00:00:00Z") { msisdn state expiresAt } }""");
        var taken = await Host.RefusedAsync("bob", """mutation { reserveMsisdn(pool: "tiny", msisdn: "4915193900002", owner: "order-3") { msisdn } }""");
        await Host.AsAsync("bob", """mutation { reserveMsisdn(pool: "tiny", owner: "order-4") { msisdn } }""");
        var exhausted = await Host.RefusedAsync("bob", """mutation { reserveMsisdn(pool: "tiny", owner: "order-5") { msisdn } }""");

        Assert.Equal(("4915193900000", "RESERVED", "order-1"), (first.Str("reserveMsisdn", "msisdn"), first.Str("reserveMsisdn", "state"), first.Str("reserveMsisdn", "owner")));
        Assert.Equal("4915193900002", chosen.Str("reserveMsisdn", "msisdn"));
        Assert.Equal(("MSISDN_TAKEN", "msisdn"), (taken.Code, taken.Field));
        Assert.Equal(("POOL_EXHAUSTED", "pool"), (exhausted.Code, exhausted.Field));
        Assert.Contains("addMsisdnRange", exhausted.Message, StringComparison.Ordinal);

        var released = await Host.AsAsync(null, """mutation { releaseMsisdn(msisdn: "4915193900000") { state owner } }""");
        Assert.Equal("FREE", released.Str("releaseMsisdn", "state"));
        var use = await Host.AsAsync(null, """{ poolUtilisation(kind: MSISDN_POOL, name: "tiny") { kind name customerId size free reserved assigned percent } }""");
        var row = use.GetProperty("poolUtilisation")[0];
        Assert.Equal(("MSISDN_POOL", "RES-A", "3", "1", 2L), (row.Str("kind"), row.Str("customerId"), row.Str("size"), row.Str("free"), row.GetProperty("reserved").GetInt64()));
        Assert.Equal(66.666666666666m, row.Dec("percent"));

        var trail = await Host.AsAsync(null, """{ auditLog(entityType: "msisdn", entityId: "4915193900000") { actor action detail at } }""");
        Assert.Equal(
            [("bob", "msisdn.reserve"), ("anonymous", "msisdn.release")],
            trail.GetProperty("auditLog").EnumerateArray().Select(r => (r.Str("actor"), r.Str("action"))));
        Assert.Equal(HostOptions.March1, trail.GetProperty("auditLog")[0].At("at").GetDateTimeOffset());
        var alice = await Host.AsAsync(null, """{ auditLog(actor: "alice", entityType: "msisdn_pool", entityId: "tiny") { action } }""");
        Assert.Equal(["msisdn_pool.create", "msisdn_pool.add_numbers"], alice.GetProperty("auditLog").EnumerateArray().Select(r => r.Str("action")));
    }

    [Fact]
    public async Task Concurrent_reservations_over_http_never_hand_out_the_same_number()
    {
        await Host.AsAsync("ops", """mutation { createMsisdnPool(name: "race") { name } addMsisdnRange(pool: "race", from: "4915193910000", to: "4915193910009") { added } }""");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Host.SendAsync("racer", "mutation ($o: String!) { reserveMsisdn(pool: \"race\", owner: $o) { msisdn } }", new { o = "order-" + i })));

        var numbers = answers.Where(a => !a.TryGetProperty("errors", out _)).Select(a => a.Str("data", "reserveMsisdn", "msisdn")).ToList();
        var refusals = answers.Where(a => a.TryGetProperty("errors", out _)).Select(a => a.GetProperty("errors")[0].Str("extensions", "code")).ToList();
        Assert.Equal(10, numbers.Count);
        Assert.Equal(10, numbers.Distinct().Count());
        Assert.All(refusals, code => Assert.Equal("POOL_EXHAUSTED", code));
        var trail = await Host.AsAsync(null, """{ auditLog(actor: "racer", first: 100) { entityId } }""");
        Assert.Equal(numbers.Order(), trail.GetProperty("auditLog").EnumerateArray().Select(r => r.Str("entityId")).Order());
    }

    [Fact]
    public async Task Ip_pools_handle_the_cidr_edges_and_refuse_overlaps()
    {
        await Host.AsAsync("netops", """
            mutation {
              createApn(name: "IoT.Res-A.example", type: PRIVATE, customerIds: ["RES-A"]) { name type customerIds }
              p32: createIpPool(name: "host32", cidr: "10.77.0.9/32") { firstAddress lastAddress }
              p31: createIpPool(name: "link31", cidr: "10.77.0.10/31") { firstAddress lastAddress }
              p30: createIpPool(name: "net30", cidr: "10.77.0.12/30", apn: "iot.res-a.example", customerId: "RES-A") { firstAddress lastAddress apn customerId }
              v6: createIpPool(name: "v6", cidr: "2001:db8:77::/64") { family }
            }
            """);
        var overlap = await Host.RefusedAsync("netops", """mutation { createIpPool(name: "wide", cidr: "10.77.0.0/24") { name } }""");
        var hostBits = await Host.RefusedAsync("netops", """mutation { createIpPool(name: "bad", cidr: "10.78.0.1/24") { name } }""");
        var network = await Host.RefusedAsync("netops", """mutation { allocateIp(pool: "net30", address: "10.77.0.12", owner: "o") { address } }""");

        Assert.Equal(("POOL_OVERLAPS", "cidr"), (overlap.Code, overlap.Field));
        Assert.Equal(("INVALID_CIDR", "cidr"), (hostBits.Code, hostBits.Field));
        Assert.Contains("10.78.0.0/24", hostBits.Message, StringComparison.Ordinal);
        Assert.Equal(("ADDRESS_NOT_USABLE", "address"), (network.Code, network.Field));

        var handed = new List<string?>();
        foreach (var pool in new[] { "host32", "link31", "link31", "net30", "net30" })
        {
            var allocated = await Host.AsAsync("netops", "mutation ($p: String!) { allocateIp(pool: $p, owner: \"o\") { address state } }", new { p = pool });
            handed.Add(allocated.Str("allocateIp", "address"));
        }

        Assert.Equal(["10.77.0.9", "10.77.0.10", "10.77.0.11", "10.77.0.13", "10.77.0.14"], handed);
        var exhausted = await Host.RefusedAsync("netops", """mutation { allocateIp(pool: "net30", owner: "o") { address } }""");
        Assert.Equal("POOL_EXHAUSTED", exhausted.Code);

        await Host.AsAsync("netops", """mutation { allocateIp(pool: "v6", owner: "o", iccid: "8944500102198304826") { state } }""");
        var v6 = await Host.AsAsync(null, """{ ipPool(name: "v6") { utilisation { size free assigned percent } allocations { address state iccid } } }""");
        Assert.Equal("18446744073709551616", v6.Str("ipPool", "utilisation", "size"));
        Assert.Equal("18446744073709551615", v6.Str("ipPool", "utilisation", "free"));
        Assert.Equal(0m, v6.Dec("ipPool", "utilisation", "percent"));
        Assert.Equal("2001:db8:77::", v6.At("ipPool", "allocations")[0].Str("address"));

        var released = await Host.AsAsync("netops", """mutation { releaseIp(pool: "net30", address: "10.77.0.13") { state } }""");
        Assert.Equal("FREE", released.Str("releaseIp", "state"));
        var again = await Host.AsAsync("netops", """mutation { allocateIp(pool: "net30", owner: "o2") { address } }""");
        Assert.Equal("10.77.0.13", again.Str("allocateIp", "address"));
        var apns = await Host.AsAsync(null, """{ apns { name type customerIds } ipPools { name } }""");
        Assert.Contains(apns.GetProperty("apns").EnumerateArray(), a => a.Str("name") == "iot.res-a.example" && a.Str("type") == "PRIVATE");
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_changes_nothing()
    {
        var apn = await Host.RefusedAsync("x", """mutation { createApn(name: "iot_bad", type: PUBLIC) { name } }""");
        var customer = await Host.RefusedAsync("x", """mutation { createMsisdnPool(name: "nobody", customerId: "NOPE") { name } }""");
        var assign = await Host.RefusedAsync("x", """mutation { assignPoolToCustomer(kind: APN, name: "nothere.example", customerId: "RES-A") { name } }""");
        var page = await Host.RefusedAsync("x", """{ auditLog(first: 0) { id } }""");
        var actor = await Host.RefusedAsync(new string('a', 201), """mutation { createMsisdnPool(name: "long-actor") { name } }""");

        Assert.Equal(("INVALID_APN", "name"), (apn.Code, apn.Field));
        Assert.Equal(("UNKNOWN_CUSTOMER", "customerId"), (customer.Code, customer.Field));
        Assert.Equal(("UNKNOWN_APN", "name"), (assign.Code, assign.Field));
        Assert.Equal(("INVALID_ARGUMENT", "first"), (page.Code, page.Field));
        Assert.Equal(("INVALID_ACTOR", "X-NMcs-Actor"), (actor.Code, actor.Field));
        var trail = await Host.AsAsync(null, """{ auditLog(actor: "x") { id } msisdnPool(name: "nobody") { name } longActor: msisdnPool(name: "long-actor") { name } }""");
        Assert.Empty(trail.GetProperty("auditLog").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, trail.GetProperty("msisdnPool").ValueKind);
        Assert.Equal(JsonValueKind.Null, trail.GetProperty("longActor").ValueKind);
    }
}
