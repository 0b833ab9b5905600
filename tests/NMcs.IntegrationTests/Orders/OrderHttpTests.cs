using System.Globalization;
using System.Text;
using System.Text.Json;
using NMcs.Identifiers;
using NMcs.IntegrationTests.Http;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Orders;

/// <summary>A host on the test clock with customer OH, product OH-DATA and a numbering helper for SIMs.</summary>
public sealed class OrderHostFixture() : HostFixture(HostOptions.WithTestClock)
{
    private int _serial;

    /// <summary>Registers a SIM over GraphQL (INVENTORY) and returns (iccid, msisdn).</summary>
    public async Task<(string Iccid, string Msisdn)> RegisterAsync()
    {
        var n = Interlocked.Increment(ref _serial).ToString("D8", CultureInfo.InvariantCulture);
        var body = "8949880000" + n;
        var iccid = body + Luhn.CheckDigit(body);
        var msisdn = "4917800" + n;
        await Host.QueryAsync(
            "mutation ($i: String!, $imsi: String!, $m: String!) { registerSim(input: { iccid: $i, imsi: $imsi, msisdn: $m }) { status } }",
            new { i = iccid, imsi = "2620188" + n, m = msisdn });
        return (iccid, msisdn);
    }

    protected override async Task SeedAsync(HostProcess host)
    {
        await host.QueryAsync("""mutation { createCustomer(input: { id: "OH", name: "Orders over HTTP", currency: "EUR" }) { id } }""");
        await host.QueryAsync("""mutation { createProduct(input: { id: "OH-DATA", name: "OH data", currency: "EUR", monthlyFee: 1.00, activationFee: 0, usageCharges: [{ serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.01, includedUnits: 0 }] }) { id } }""");
    }
}

/// <summary>Orders through GraphQL against a real host process, including an order resumed after kill -9.</summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class OrderHttpTests(OrderHostFixture fixture, ITestOutputHelper output)
    : HostTest(fixture.Host, output), IClassFixture<OrderHostFixture>
{
    private const string OrderFields = "id state kind submitter bulk itemCount reason counts { state count } productOrderItem { id action kind state iccid errorCode errorField reason simStatus }";

    [Fact]
    public async Task Submit_order_answers_in_tmf622_shape_and_a_repeated_key_returns_the_same_order()
    {
        var transitions = await Host.QueryAsync("{ simTransitions { from kind to } }");
        Assert.Contains(
            transitions.GetProperty("simTransitions").EnumerateArray(),
            t => (t.Str("from"), t.Str("kind"), t.Str("to")) == ("ACTIVATION_READY", "activate", "ACTIVATED"));

        var (iccid, msisdn) = await fixture.RegisterAsync();
        await Host.QueryAsync("mutation ($i: String!) { assignSim(iccid: $i, customerId: \"OH\") { status } }", new { i = iccid });
        const string submit = "mutation ($input: ProductOrderInput!) { submitOrder(input: $input, wait: true) { " + OrderFields + " } }";
        var input = new
        {
            idempotencyKey = "http-key-1",
            externalId = "crm-4711",
            productOrderItem = new[] { new { action = "add", kind = "activate", msisdn, productId = "OH-DATA" } },
        };

        var first = await AsActorAsync("portal-user-7", submit, new { input });
        var order = first.GetProperty("submitOrder");
        Assert.Equal(("completed", "activate", "portal-user-7", false), (order.Str("state"), order.Str("kind"), order.Str("submitter"), order.GetProperty("bulk").GetBoolean()));
        var item = order.GetProperty("productOrderItem")[0];
        Assert.Equal(("1", "add", "completed", iccid, "ACTIVATED"), (item.Str("id"), item.Str("action"), item.Str("state"), item.Str("iccid"), item.Str("simStatus")));

        var again = await AsActorAsync("portal-user-7", submit, new { input });
        Assert.Equal(order.Str("id"), again.Str("submitOrder", "id"));

        var conflict = await Host.ExpectErrorAsync(submit, new { input = input with { externalId = "crm-4712" } });
        Assert.Equal(("ILLEGAL_TRANSITION", "iccid"), (conflict.Code, conflict.Field));
        var keyed = await ExpectErrorAsActorAsync("portal-user-7", submit, new { input = input with { externalId = "crm-4712" } });
        Assert.Equal(("IDEMPOTENCY_CONFLICT", "idempotencyKey"), (keyed.Code, keyed.Field));

        var sim = await Host.QueryAsync("query ($i: String!) { sim(id: $i) { status lastOrderId allowedOrders orders { id } } }", new { i = iccid });
        Assert.Equal("ACTIVATED", sim.Str("sim", "status"));
        Assert.Equal(order.Str("id"), sim.Str("sim", "lastOrderId"));
        Assert.Equal(["suspend", "terminate", "simSwap", "changePlan", "assignApn", "assignFixedIp"], sim.GetProperty("sim").GetProperty("allowedOrders").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(order.Str("id"), sim.GetProperty("sim").GetProperty("orders").EnumerateArray().Select(o => o.Str("id")));

        var listed = await Host.QueryAsync("query ($i: String!) { orders(filter: { iccid: $i, state: completed }, first: 10) { nodes { id submitter } hasNextPage } }", new { i = iccid });
        Assert.Contains(listed.GetProperty("orders").GetProperty("nodes").EnumerateArray(), o => o.Str("id") == order.Str("id") && o.Str("submitter") == "portal-user-7");
    }

    [Fact]
    public async Task Bad_iccid_unknown_msisdn_and_illegal_moves_are_refused_over_graphql()
    {
        var (iccid, _) = await fixture.RegisterAsync();
        var badLuhn = iccid[..^1] + (char)('0' + ((iccid[^1] - '0' + 1) % 10));
        const string submit = "mutation ($input: ProductOrderInput!) { submitOrder(input: $input) { id } }";

        var luhn = await Host.ExpectErrorAsync(submit, new { input = new { productOrderItem = new[] { new { kind = "suspend", iccid = badLuhn } } } });
        Assert.Equal(("INVALID_ICCID", "iccid"), (luhn.Code, luhn.Field));
        var msisdn = await Host.ExpectErrorAsync(submit, new { input = new { productOrderItem = new[] { new { kind = "suspend", msisdn = "491789999999" } } } });
        Assert.Equal(("UNKNOWN_MSISDN", "msisdn"), (msisdn.Code, msisdn.Field));
        var illegal = await Host.ExpectErrorAsync(submit, new { input = new { productOrderItem = new[] { new { kind = "suspend", iccid } } } });
        Assert.Equal(("ILLEGAL_TRANSITION", "iccid"), (illegal.Code, illegal.Field));
        Assert.Contains("is INVENTORY", illegal.Message, StringComparison.Ordinal);
        var legacy = await Host.ExpectErrorAsync("mutation ($i: String!) { suspendSim(iccid: $i) { status } }", new { i = iccid });
        Assert.Equal(("ILLEGAL_TRANSITION", "iccid"), (legacy.Code, legacy.Field));
        var action = await Host.ExpectErrorAsync(submit, new { input = new { productOrderItem = new[] { new { kind = "assign", action = "delete", iccid, customerId = "OH" } } } });
        Assert.Equal(("INVALID_ORDER", "action"), (action.Code, action.Field));

        var sim = await Host.QueryAsync("query ($i: String!) { sim(id: $i) { status lastOrderId orders { id } } }", new { i = iccid });
        Assert.Equal("INVENTORY", sim.Str("sim", "status"));
        Assert.Equal(JsonValueKind.Null, sim.GetProperty("sim").GetProperty("lastOrderId").ValueKind);
        Assert.Empty(sim.GetProperty("sim").GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task The_credit_limit_policy_is_off_by_default_and_set_per_account()
    {
        var before = await Host.QueryAsync("{ orderPolicy(accountId: \"OH-PAYER\") { accountId autoSuspendOnCreditLimit } }");
        Assert.False(before.GetProperty("orderPolicy").GetProperty("autoSuspendOnCreditLimit").GetBoolean());

        var set = await Host.QueryAsync("mutation { setOrderPolicy(accountId: \"OH-PAYER\", autoSuspendOnCreditLimit: true) { accountId autoSuspendOnCreditLimit } }");
        Assert.True(set.GetProperty("setOrderPolicy").GetProperty("autoSuspendOnCreditLimit").GetBoolean());
        var after = await Host.QueryAsync("{ orderPolicy(accountId: \"OH-PAYER\") { autoSuspendOnCreditLimit } }");
        Assert.True(after.GetProperty("orderPolicy").GetProperty("autoSuspendOnCreditLimit").GetBoolean());

        var unknown = await Host.ExpectErrorAsync("mutation { setOrderPolicy(accountId: \"NOPE-PAYER\", autoSuspendOnCreditLimit: true) { accountId } }");
        Assert.Equal(("UNKNOWN_ACCOUNT", "accountId"), (unknown.Code, unknown.Field));
        await Host.QueryAsync("mutation { setOrderPolicy(accountId: \"OH-PAYER\", autoSuspendOnCreditLimit: false) { accountId } }");
    }

    [Fact]
    public async Task A_bulk_order_under_way_when_the_host_is_killed_finishes_after_the_restart()
    {
        var iccids = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            iccids.Add((await fixture.RegisterAsync()).Iccid);
        }

        var submitted = await Host.QueryAsync(
            "mutation ($input: BulkOrderInput!) { submitBulkOrder(input: $input) { id state itemCount } }",
            new { input = new { kind = "assign", customerId = "OH", iccids } });
        var orderId = submitted.Str("submitBulkOrder", "id");
        Assert.Equal(120, submitted.GetProperty("submitBulkOrder").GetProperty("itemCount").GetInt32());

        // kill -9 straight after the acknowledgement: the order is somewhere between acknowledged and completed.
        Host.Kill();
        var mark = Host.LogMark;
        await Host.RestartAsync();

        JsonElement order = default;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            order = (await Host.QueryAsync("query ($id: ID!) { order(id: $id) { state counts { state count } } }", new { id = orderId })).GetProperty("order");
            if (order.Str("state") is "completed" or "failed" or "partial")
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal("completed", order.Str("state"));
        Assert.Contains("resumed 1 unfinished order", Host.LogSince(mark), StringComparison.Ordinal);
        Assert.Equal(("completed", 120), (order.GetProperty("counts")[0].Str("state"), order.GetProperty("counts")[0].GetProperty("count").GetInt32()));
        var sims = await Host.QueryAsync("{ customer(id: \"OH\") { id } }");
        Assert.Equal("OH", sims.Str("customer", "id"));
        foreach (var iccid in iccids)
        {
            var sim = await Host.QueryAsync("query ($i: String!) { sim(id: $i) { status customerId } }", new { i = iccid });
            Assert.Equal(("ACTIVATION_READY", "OH"), (sim.Str("sim", "status"), sim.Str("sim", "customerId")));
        }
    }

    private async Task<JsonElement> AsActorAsync(string actor, string query, object variables)
    {
        using var body = (await SendAsActorAsync(actor, query, variables)).Body;
        var root = body.RootElement;
        if (root.TryGetProperty("errors", out _))
        {
            throw Host.Failure($"GraphQL request failed: {root.GetRawText()}");
        }

        return root.GetProperty("data").Clone();
    }

    private async Task<GraphQLError> ExpectErrorAsActorAsync(string actor, string query, object variables)
    {
        using var body = (await SendAsActorAsync(actor, query, variables)).Body;
        var error = body.RootElement.GetProperty("errors")[0];
        var extensions = error.GetProperty("extensions");
        return new GraphQLError(extensions.Str("code"), extensions.Str("field"), error.Str("message") ?? string.Empty, body.RootElement.GetRawText());
    }

    private async Task<GraphQLHttpResult> SendAsActorAsync(string actor, string query, object variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("graphql", UriKind.Relative));
        request.Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json");
        request.Headers.Add("X-NMcs-Actor", actor);
        return await Host.SendGraphQLAsync(request);
    }
}
