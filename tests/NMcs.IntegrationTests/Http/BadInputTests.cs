using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// State the bad-input tests start from (platform time 2026-03-20): customer BADIN (EUR) with an active SIM on an EUR
/// product and one rated SMS record, an assigned-but-inactive SIM, an inventory SIM, and a USD product.
/// </summary>
public sealed class BadInputHostFixture() : HostFixture(HostOptions.WithTestClock)
{
    public const string CustomerId = "BADIN";
    public const string AccountId = "BADIN-PAYER";
    public const string ActiveImsi = "262018000000001";
    public const string ActiveMsisdn = "4915180000001";
    public static readonly string ActiveIccid = TestData.IccidWithCheckDigit("894450010219830480");
    public static readonly string AssignedIccid = TestData.IccidWithCheckDigit("894450010219830481");
    public static readonly string InventoryIccid = TestData.IccidWithCheckDigit("894450010219830482");
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);

    protected override async Task SeedAsync(HostProcess host)
    {
        var customer = await host.QueryAsync("""
            mutation { createCustomer(input: { id: "BADIN", name: "Bad Input GmbH", currency: "EUR", timeZone: "Europe/Berlin" }) { account { id } } }
            """);
        Assert.Equal(AccountId, customer.Str("createCustomer", "account", "id"));
        await host.QueryAsync("""
            mutation {
              eur: createProduct(input: { id: "BAD-EUR", name: "EUR plan", currency: "EUR", monthlyFee: 1, activationFee: 0,
                usageCharges: [ { serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.01, includedUnits: 0 },
                                { serviceType: SMS, rateUnit: "MSG", pricePerUnit: 0.05, includedUnits: 0 } ] }) { id }
              usd: createProduct(input: { id: "BAD-USD", name: "USD plan", currency: "USD", monthlyFee: 1, activationFee: 0,
                usageCharges: [] }) { id }
            }
            """);
        await host.QueryAsync(
            """
            mutation ($a: String!, $ai: String!, $am: String!, $b: String!, $c: String!) {
              a: registerSim(input: { iccid: $a, imsi: $ai, msisdn: $am }) { iccid }
              b: registerSim(input: { iccid: $b, imsi: "262018000000002", msisdn: "4915180000002" }) { iccid }
              c: registerSim(input: { iccid: $c, imsi: "262018000000003", msisdn: "4915180000003" }) { iccid }
            }
            """,
            new { a = ActiveIccid, ai = ActiveImsi, am = ActiveMsisdn, b = AssignedIccid, c = InventoryIccid });
        await host.QueryAsync(
            """
            mutation ($a: String!, $b: String!) {
              a: assignSim(iccid: $a, customerId: "BADIN") { status }
              b: assignSim(iccid: $b, customerId: "BADIN") { status }
            }
            """,
            new { a = ActiveIccid, b = AssignedIccid });
        await host.QueryAsync("mutation ($a: String!) { activateSim(iccid: $a, productId: \"BAD-EUR\") { status } }", new { a = ActiveIccid });
        await host.QueryAsync("mutation ($to: DateTimeOffset!) { advanceClock(to: $to) { now } }", new { to = TestData.Iso(Now) });
        var seeded = await host.IngestOkAsync([BadInputTests.Record("seed-1")]);
        Assert.Equal(1, seeded.Accepted);
    }
}

/// <summary>
/// Bad input is answered with an error that names the field, and changes nothing: every test compares a snapshot of
/// customers, SIMs, products and the account's real-time charges before and after.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class BadInputTests(BadInputHostFixture fixture, ITestOutputHelper output)
    : HostTest(fixture.Host, output), IClassFixture<BadInputHostFixture>
{
    private const string SnapshotQuery = """
        {
          customers(first: 500) { id name currency timeZone }
          sims(first: 100) { iccid imsi msisdn status customerId subscription { id productId productVersion } }
          products { id version currency }
          account(id: "BADIN-PAYER") { subscriptions { id } realTimeCharges { ratedRecords unbilledUsageAmount } invoices { number } }
        }
        """;

    /// <summary>A valid SMS record (1 MSG = 0.05) of the active SIM, 2026-03-10.</summary>
    public static JsonObject Record(string recordId) => new()
    {
        ["recordId"] = recordId,
        ["iccid"] = BadInputHostFixture.ActiveIccid,
        ["timestamp"] = "2026-03-10T08:00:00Z",
        ["serviceType"] = "SMS",
        ["quantity"] = 1,
        ["unit"] = "MSG",
    };

    [Fact]
    public async Task Malformed_json_body_is_400_and_records_nothing()
    {
        var before = await SnapshotAsync();
        var result = await Host.IngestRawAsync("[{\"recordId\": \"broken-1\", \"iccid\": ", "application/json");
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        var error = body.RootElement.Str("error");
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded", error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        await AssertNotRecordedAsync("broken-1");
    }

    [Fact]
    public async Task Body_that_is_not_an_array_is_400_and_records_nothing()
    {
        var before = await SnapshotAsync();
        var result = await Host.IngestRawAsync(Record("object-1").ToJsonString(), "application/json");
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Contains("JSON array", body.RootElement.Str("error"), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        await AssertNotRecordedAsync("object-1");
    }

    [Theory]
    [InlineData("unknown-sim", "iccid", "not a registered SIM")]
    [InlineData("negative-quantity", "quantity", "negative")]
    [InlineData("text-quantity", "quantity", "not a number")]
    [InlineData("missing-record-id", "recordId", "recordId is missing")]
    [InlineData("unit-of-other-service", "unit", "not a unit of DATA")]
    [InlineData("future-timestamp", "timestamp", "in the future")]
    public async Task Invalid_record_is_rejected_naming_the_field_and_charges_nothing(string kind, string field, string reasonContains)
    {
        var recordId = "bad-" + kind;
        var record = Record(recordId);
        switch (kind)
        {
            case "unknown-sim":
                // Luhn-valid, never registered.
                record["iccid"] = TestData.IccidWithCheckDigit("894450010219830489");
                break;
            case "negative-quantity":
                record["quantity"] = -5;
                break;
            case "text-quantity":
                record["quantity"] = "abc";
                break;
            case "missing-record-id":
                record.Remove("recordId");
                break;
            case "unit-of-other-service":
                record["serviceType"] = "DATA";
                record["unit"] = "MSG";
                break;
            case "future-timestamp":
                // Platform time is 2026-03-20T00:00:00Z; five minutes of clock skew are tolerated, a day is not.
                record["timestamp"] = "2026-03-21T00:00:00Z";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        var before = await SnapshotAsync();
        var answer = await Host.IngestOkAsync([record]);
        Assert.Equal((1, 0, 0, 1), (answer.Received, answer.Accepted, answer.Duplicate, answer.Rejected));
        var rejection = Assert.Single(answer.Rejections);
        Assert.Equal(0, rejection.Index);
        Assert.Equal(field, rejection.Field);
        Assert.Contains(reasonContains, rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(kind == "missing-record-id" ? null : recordId, rejection.RecordId);
        Assert.Equal(before, await SnapshotAsync());
        await AssertNotRecordedAsync(recordId);
    }

    [Fact]
    public async Task Ndjson_with_one_garbage_line_rejects_only_that_line()
    {
        var before = await SnapshotAsync();
        var body = string.Join('\n', Record("nd-1").ToJsonString(), "this is {not json", Record("nd-2").ToJsonString()) + "\n";
        var result = await Host.IngestRawAsync(body, "application/x-ndjson");
        using var document = result.Body;
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var answer = IngestAnswer.From(document.RootElement);
        Assert.Equal((3, 2, 0, 1), (answer.Received, answer.Accepted, answer.Duplicate, answer.Rejected));
        var rejection = Assert.Single(answer.Rejections);
        Assert.Equal((1, "record"), (rejection.Index, rejection.Field));

        // Exactly the two good lines were charged: 2 × 1 MSG × 0.05 = 0.10.
        var after = await ChargesAsync();
        using var snapshot = JsonDocument.Parse(before);
        var was = snapshot.RootElement;
        Assert.Equal(was.At("account", "realTimeCharges", "ratedRecords").GetInt64() + 2, after.Records);
        Assert.Equal(was.Dec("account", "realTimeCharges", "unbilledUsageAmount") + 0.10m, after.Amount);
        var stored = await Host.QueryAsync("{ a: usageRecord(id: \"nd-1\") { amount } b: usageRecord(id: \"nd-2\") { amount } }");
        Assert.Equal((0.05m, 0.05m), (stored.Dec("a", "amount"), stored.Dec("b", "amount")));
    }

    [Fact]
    public async Task CreateCustomer_with_unknown_currency_is_INVALID_CURRENCY_on_currency()
    {
        var before = await SnapshotAsync();
        var error = await Host.ExpectErrorAsync("""
            mutation { createCustomer(input: { id: "EURO-CO", name: "Euro Co", currency: "EURO", timeZone: "Europe/Berlin" }) { id } }
            """);
        Assert.Equal(("INVALID_CURRENCY", "currency"), (error.Code, error.Field));
        Assert.Contains("EURO", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        var customer = await Host.QueryAsync("{ customer(id: \"EURO-CO\") { id } account(id: \"EURO-CO-PAYER\") { id } }");
        Assert.Equal(JsonValueKind.Null, customer.At("customer").ValueKind);
        Assert.Equal(JsonValueKind.Null, customer.At("account").ValueKind);
    }

    [Fact]
    public async Task ActivateSim_with_unknown_product_is_UNKNOWN_PRODUCT()
    {
        var before = await SnapshotAsync();
        var error = await Host.ExpectErrorAsync(
            "mutation ($i: String!) { activateSim(iccid: $i, productId: \"NO-SUCH-PLAN\") { status } }", new { i = BadInputHostFixture.AssignedIccid });
        Assert.Equal(("UNKNOWN_PRODUCT", "productId"), (error.Code, error.Field));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal("ACTIVATION_READY", await StatusAsync(BadInputHostFixture.AssignedIccid));
    }

    [Fact]
    public async Task Activating_a_USD_product_for_an_EUR_customer_is_CURRENCY_MISMATCH()
    {
        var before = await SnapshotAsync();
        var error = await Host.ExpectErrorAsync(
            "mutation ($i: String!) { activateSim(iccid: $i, productId: \"BAD-USD\") { status } }", new { i = BadInputHostFixture.AssignedIccid });
        Assert.Equal("CURRENCY_MISMATCH", error.Code);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal("ACTIVATION_READY", await StatusAsync(BadInputHostFixture.AssignedIccid));
    }

    [Fact]
    public async Task RegisterSim_with_iccid_failing_Luhn_is_INVALID_ICCID()
    {
        var before = await SnapshotAsync();
        var error = await Host.ExpectErrorAsync("""
            mutation { registerSim(input: { iccid: "8944500102198304825", imsi: "262017000000001", msisdn: "4915170000001" }) { iccid } }
            """);
        Assert.Equal(("INVALID_ICCID", "iccid"), (error.Code, error.Field));
        Assert.Contains("Luhn", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        var sims = await Host.QueryAsync("{ a: sim(id: \"8944500102198304825\") { iccid } b: sim(id: \"262017000000001\") { iccid } }");
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (sims.At("a").ValueKind, sims.At("b").ValueKind));
    }

    [Fact]
    public async Task RegisterSim_with_an_imsi_of_another_sim_is_IDENTIFIER_TAKEN_and_reserves_nothing()
    {
        var iccid = TestData.IccidWithCheckDigit("894450010219830483");
        var before = await SnapshotAsync();
        var error = await Host.ExpectErrorAsync(
            "mutation ($i: String!, $imsi: String!) { registerSim(input: { iccid: $i, imsi: $imsi, msisdn: \"4915170000002\" }) { iccid } }",
            new { i = iccid, imsi = BadInputHostFixture.ActiveImsi });
        Assert.Equal(("IDENTIFIER_TAKEN", "imsi"), (error.Code, error.Field));
        Assert.Equal(before, await SnapshotAsync());
        var lookup = await Host.QueryAsync(
            "query ($i: String!, $imsi: String!) { sim(id: $i) { iccid } owner: sim(id: $imsi) { iccid } }",
            new { i = iccid, imsi = BadInputHostFixture.ActiveImsi });
        Assert.Equal(JsonValueKind.Null, lookup.At("sim").ValueKind);
        Assert.Equal(BadInputHostFixture.ActiveIccid, lookup.Str("owner", "iccid"));
    }

    [Fact]
    public async Task AssignSim_to_unknown_customer_is_UNKNOWN_CUSTOMER()
    {
        var before = await SnapshotAsync();
        var error = await Host.ExpectErrorAsync(
            "mutation ($i: String!) { assignSim(iccid: $i, customerId: \"NOBODY\") { status } }", new { i = BadInputHostFixture.InventoryIccid });
        Assert.Equal(("UNKNOWN_CUSTOMER", "customerId"), (error.Code, error.Field));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal("INVENTORY", await StatusAsync(BadInputHostFixture.InventoryIccid));
    }

    /// <summary>
    /// An IMSI of one SIM may be the MSISDN of another (both are digit strings of up to 15 digits, and uniqueness is
    /// checked per column only). A record that names the SIM by <c>msisdn</c> must be charged to the SIM with that
    /// MSISDN, or the registration must be refused; today it goes to whichever SIM the directory finds first.
    /// </summary>
    [Fact]
    public async Task Usage_by_msisdn_is_charged_to_the_sim_with_that_msisdn_even_if_another_sims_imsi_has_the_same_digits()
    {
        var first = TestData.IccidWithCheckDigit("894450010219830484");
        var second = TestData.IccidWithCheckDigit("894450010219830485");
        const string shared = "262016000000001";
        var register = await Host.PostGraphQLAsync(
            """
            mutation ($a: String!, $b: String!, $shared: String!) {
              a: registerSim(input: { iccid: $a, imsi: $shared, msisdn: "4915160000001" }) { iccid }
              b: registerSim(input: { iccid: $b, imsi: "262016000000002", msisdn: $shared }) { iccid }
            }
            """,
            new { a = first, b = second, shared });
        using var registered = register.Body;
        if (registered.RootElement.TryGetProperty("errors", out var errors))
        {
            // Refusing the ambiguous registration is a correct fix too.
            Assert.Equal("IDENTIFIER_TAKEN", errors[0].Str("extensions", "code"));
            return;
        }

        await Host.QueryAsync(
            """
            mutation ($a: String!, $b: String!) {
              a: assignSim(iccid: $a, customerId: "BADIN") { status } b: assignSim(iccid: $b, customerId: "BADIN") { status }
              aa: activateSim(iccid: $a, productId: "BAD-EUR") { status } bb: activateSim(iccid: $b, productId: "BAD-EUR") { status }
            }
            """,
            new { a = first, b = second });
        var msisdnRecord = Record("ambiguous-by-msisdn");
        msisdnRecord.Remove("iccid");
        msisdnRecord["msisdn"] = shared;
        msisdnRecord["timestamp"] = TestData.Iso(BadInputHostFixture.Now); // both SIMs were activated at Now
        Assert.Equal(1, (await Host.IngestOkAsync([msisdnRecord])).Accepted);
        var usage = await Host.QueryAsync("{ usageRecord(id: \"ambiguous-by-msisdn\") { iccid } }");
        Assert.Equal(second, usage.Str("usageRecord", "iccid"));
    }

    [Fact]
    public void Luhn_helper_matches_the_reference_iccid() =>
        Assert.Equal("8944500102198304826", TestData.IccidWithCheckDigit("894450010219830482"));

    private async Task<string> SnapshotAsync() => (await Host.QueryAsync(SnapshotQuery)).GetRawText();

    private async Task<(long Records, decimal Amount)> ChargesAsync()
    {
        var data = await Host.QueryAsync("{ account(id: \"BADIN-PAYER\") { realTimeCharges { ratedRecords unbilledUsageAmount } } }");
        return (data.At("account", "realTimeCharges", "ratedRecords").GetInt64(), data.Dec("account", "realTimeCharges", "unbilledUsageAmount"));
    }

    private async Task<string?> StatusAsync(string iccid) =>
        (await Host.QueryAsync("query ($i: String!) { sim(id: $i) { status } }", new { i = iccid })).Str("sim", "status");

    private async Task AssertNotRecordedAsync(string recordId)
    {
        var data = await Host.QueryAsync("query ($id: ID!) { usageRecord(id: $id) { id } }", new { id = recordId });
        Assert.Equal(JsonValueKind.Null, data.At("usageRecord").ValueKind);
    }
}
