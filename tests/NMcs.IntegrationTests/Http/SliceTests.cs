using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// The end-to-end slice over HTTP against a real host process: customer, product, SIM, activation, usage by every
/// SIM identifier, real-time charges, bill run and invoice, idempotent re-delivery, metrics.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class SliceTests(TestClockHostFixture fixture, ITestOutputHelper output)
    : HostTest(fixture.Host, output), IClassFixture<TestClockHostFixture>
{
    private const string Iccid = "8944500102198304826";
    private const string Imsi = "262011234567890";
    private const string Msisdn = "4915112345678";

    private const string InvoiceQuery = """
        { number accountId period currency subtotal total
          lines { lineNumber kind iccid quantity unroundedAmount amount } }
        """;

    [Fact]
    public async Task Sim_to_invoice_rates_usage_bills_the_period_and_never_charges_a_redelivery_twice()
    {
        // --- Master data -------------------------------------------------------------------------------------
        var customer = await Host.QueryAsync("""
            mutation { createCustomer(input: { id: "ACME", name: "ACME Logistics GmbH", currency: "EUR", timeZone: "Europe/Berlin" }) {
              id currency timeZone account { id currency } } }
            """);
        Assert.Equal("ACME", customer.Str("createCustomer", "id"));
        Assert.Equal("EUR", customer.Str("createCustomer", "currency"));
        Assert.Equal("Europe/Berlin", customer.Str("createCustomer", "timeZone"));
        var accountId = customer.Str("createCustomer", "account", "id")!;

        var product = await Host.QueryAsync("""
            mutation { createProduct(input: {
              id: "IOT-100MB", name: "IoT 100 MB", currency: "EUR", monthlyFee: 4.99, activationFee: 9.90,
              usageCharges: [
                { serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.015, includedUnits: 100 },
                { serviceType: SMS, rateUnit: "MSG", pricePerUnit: 0.05, includedUnits: 0 } ] }) {
              id version monthlyFee activationFee } }
            """);
        Assert.Equal(1, product.At("createProduct", "version").GetInt32());
        Assert.Equal(4.99m, product.Dec("createProduct", "monthlyFee"));
        Assert.Equal(9.90m, product.Dec("createProduct", "activationFee"));

        var sim = await Host.QueryAsync(
            """
            mutation ($iccid: String!, $imsi: String!, $msisdn: String!) {
              registerSim(input: { iccid: $iccid, imsi: $imsi, msisdn: $msisdn }) { iccid status }
            }
            """,
            new { iccid = Iccid, imsi = Imsi, msisdn = Msisdn });
        Assert.Equal("INVENTORY", sim.Str("registerSim", "status"));

        sim = await Host.QueryAsync(
            "mutation ($iccid: String!) { assignSim(iccid: $iccid, customerId: \"ACME\") { status customerId } }",
            new { iccid = Iccid });
        Assert.Equal("ACTIVATION_READY", sim.Str("assignSim", "status"));
        Assert.Equal("ACME", sim.Str("assignSim", "customerId"));

        sim = await Host.QueryAsync(
            "mutation ($iccid: String!) { activateSim(iccid: $iccid, productId: \"IOT-100MB\") { status subscription { productId productVersion accountId activatedAt } } }",
            new { iccid = Iccid });
        Assert.Equal("ACTIVATED", sim.Str("activateSim", "status"));
        Assert.Equal(accountId, sim.Str("activateSim", "subscription", "accountId"));
        Assert.Equal(HostOptions.March1, sim.At("activateSim", "subscription", "activatedAt").GetDateTimeOffset());

        var clock = await Host.QueryAsync("mutation { advanceClock(to: \"2026-03-20T00:00:00Z\") { now testClock } }");
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero), clock.At("advanceClock", "now").GetDateTimeOffset());

        // --- Usage, naming the SIM by ICCID, IMSI and MSISDN ---------------------------------------------------
        object[] batch =
        [
            new { recordId = "pgw1-000001", iccid = Iccid, timestamp = "2026-03-05T10:00:00Z", serviceType = "DATA", quantity = 60, unit = "MB" },
            new { recordId = "pgw1-000002", imsi = Imsi, timestamp = "2026-03-06T10:00:00Z", serviceType = "DATA", quantity = 70, unit = "MB" },
            new { recordId = "pgw1-000003", msisdn = Msisdn, timestamp = "2026-03-07T10:00:00Z", serviceType = "DATA", quantity = 26112, unit = "KB" },
            new { recordId = "smsc-000001", iccid = Iccid, timestamp = "2026-03-08T10:00:00Z", serviceType = "SMS", quantity = 3, unit = "MSG" },
        ];
        var answer = await Host.IngestOkAsync(batch);
        Assert.Equal((4, 4, 0, 0), (answer.Received, answer.Accepted, answer.Duplicate, answer.Rejected));
        Assert.Empty(answer.Rejections);

        // Allowance: 100 MB DATA per period, 0 SMS.
        //   pgw1-000001  60 MB                        → 60 inside the allowance (40 MB left), billable 0      → 0
        //   pgw1-000002  70 MB                        → 40 inside, billable 30 MB × 0.015                      → 0.45
        //   pgw1-000003  26112 KB = 26112 / 1024 MB   → 25.5 MB, allowance used up, billable 25.5 × 0.015      → 0.3825
        //   smsc-000001  3 MSG                        → 3 × 0.05                                               → 0.15
        // DATA 0.45 + 0.3825 = 0.8325 (55.5 MB × 0.015); unbilled usage 0.8325 + 0.15 = 0.9825 (unrounded).
        var records = await Host.QueryAsync(
            "query ($id: String!) { sim(id: $id) { usageRecords(first: 10) { id serviceType includedUnits billableUnits amount accountId period } } }",
            new { id = Msisdn });
        var byId = records.At("sim", "usageRecords").EnumerateArray().ToDictionary(r => r.Str("id")!);
        Assert.Equal(["pgw1-000001", "pgw1-000002", "pgw1-000003", "smsc-000001"], byId.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((60m, 0m, 0m), (byId["pgw1-000001"].Dec("includedUnits"), byId["pgw1-000001"].Dec("billableUnits"), byId["pgw1-000001"].Dec("amount")));
        Assert.Equal((40m, 30m, 0.45m), (byId["pgw1-000002"].Dec("includedUnits"), byId["pgw1-000002"].Dec("billableUnits"), byId["pgw1-000002"].Dec("amount")));
        Assert.Equal((0m, 25.5m, 0.3825m), (byId["pgw1-000003"].Dec("includedUnits"), byId["pgw1-000003"].Dec("billableUnits"), byId["pgw1-000003"].Dec("amount")));
        Assert.Equal((0m, 3m, 0.15m), (byId["smsc-000001"].Dec("includedUnits"), byId["smsc-000001"].Dec("billableUnits"), byId["smsc-000001"].Dec("amount")));
        Assert.All(byId.Values, r => Assert.Equal((accountId, "2026-03"), (r.Str("accountId"), r.Str("period"))));

        var charges = await RealTimeChargesAsync(accountId);
        Assert.Equal(4, charges.RatedRecords);
        Assert.Equal(0.8325m + 0.15m, charges.Amount);
        Assert.Equal(0.9825m, charges.Amount);

        // --- Bill run before the period ends is refused -------------------------------------------------------
        // March in Europe/Berlin ends 2026-04-01T00:00+02:00 = 2026-03-31T22:00:00Z; platform time is 2026-03-20.
        var early = await Host.ExpectErrorAsync(
            "mutation ($a: ID!) { runBilling(accountId: $a, period: \"2026-03\") { number } }", new { a = accountId });
        Assert.Equal("PERIOD_NOT_ENDED", early.Code);
        Assert.Equal("period", early.Field);
        var noInvoice = await Host.QueryAsync(
            "query ($a: ID!) { invoice(accountId: $a, period: \"2026-03\") { number } }", new { a = accountId });
        Assert.Equal(JsonValueKind.Null, noInvoice.At("invoice").ValueKind);
        Assert.Equal(charges, await RealTimeChargesAsync(accountId));

        // --- Bill run after the period -------------------------------------------------------------------------
        await Host.QueryAsync("mutation { advanceClock(to: \"2026-04-01T00:00:00Z\") { now } }");
        var billed = await Host.QueryAsync(
            "mutation ($a: ID!) { runBilling(accountId: $a, period: \"2026-03\") " + InvoiceQuery + " }", new { a = accountId });
        var invoice = billed.At("runBilling");
        Assert.Equal("INV-000001", invoice.Str("number"));
        Assert.Equal((accountId, "2026-03", "EUR"), (invoice.Str("accountId"), invoice.Str("period"), invoice.Str("currency")));

        // Lines: the monthly fee (in advance: March, the month of activation on 2026-03-01 01:00 Berlin, and April
        // ahead), the activation fee, then usage per service, each rounded half-up to cents once per line:
        //   RecurringCharge  4.99 (March, 31 days)
        //   RecurringCharge  4.99 (April, 30 days, in advance)
        //   OneTimeCharge    9.90
        //   UsageCharge DATA 0.8325 → 0.83 (55.5 MB billable)
        //   UsageCharge SMS  0.15   → 0.15 (3 MSG billable)
        // Total = 4.99 + 4.99 + 9.90 + 0.83 + 0.15 = 20.86.
        var lines = invoice.At("lines").EnumerateArray().ToList();
        Assert.Equal(5, lines.Count);
        AssertLine(lines[0], 1, "RecurringCharge", 31m, 4.99m, 4.99m);
        AssertLine(lines[1], 2, "RecurringCharge", 30m, 4.99m, 4.99m);
        AssertLine(lines[2], 3, "OneTimeCharge", 1m, 9.90m, 9.90m);
        AssertLine(lines[3], 4, "UsageCharge", 55.5m, 0.8325m, 0.83m);
        AssertLine(lines[4], 5, "UsageCharge", 3m, 0.15m, 0.15m);
        Assert.All(lines, l => Assert.Equal(Iccid, l.Str("iccid")));
        Assert.Equal(4.99m + 4.99m + 9.90m + 0.83m + 0.15m, invoice.Dec("total"));
        Assert.Equal(20.86m, invoice.Dec("total"));
        Assert.Equal(20.86m, invoice.Dec("subtotal"));

        // The invoiced usage leaves real-time charges.
        var afterBilling = await RealTimeChargesAsync(accountId);
        Assert.Equal(new Charges(0, 0m), afterBilling);

        // Repeating the bill run returns the same invoice; nothing new is issued.
        var again = await Host.QueryAsync(
            "mutation ($a: ID!) { runBilling(accountId: $a, period: \"2026-03\") " + InvoiceQuery + " }", new { a = accountId });
        Assert.Equal(invoice.GetRawText(), again.At("runBilling").GetRawText());
        var invoices = await Host.QueryAsync("query ($a: ID!) { account(id: $a) { invoices { number total } } }", new { a = accountId });
        Assert.Equal("INV-000001", Assert.Single(invoices.At("account", "invoices").EnumerateArray()).Str("number"));

        // --- Re-delivery of the whole batch: all duplicates, no money moves -------------------------------------
        var redelivery = await Host.IngestOkAsync(batch);
        Assert.Equal((4, 0, 4, 0), (redelivery.Received, redelivery.Accepted, redelivery.Duplicate, redelivery.Rejected));
        Assert.Equal(afterBilling, await RealTimeChargesAsync(accountId));
        var stored = await Host.QueryAsync(
            "query ($a: ID!) { invoice(accountId: $a, period: \"2026-03\") " + InvoiceQuery + " }", new { a = accountId });
        Assert.Equal(invoice.GetRawText(), stored.At("invoice").GetRawText());
        var recordsAfter = await Host.QueryAsync(
            "query ($id: String!) { sim(id: $id) { usageRecords(first: 10) { id amount } } }", new { id = Iccid });
        Assert.Equal(4, recordsAfter.At("sim", "usageRecords").GetArrayLength());
        Assert.Equal(0.9825m, recordsAfter.At("sim", "usageRecords").EnumerateArray().Sum(r => r.Dec("amount")));

        // --- Metrics of this host (a fresh process, so the counters are exactly this scenario) -----------------
        using var metricsResponse = await Host.Http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metricsResponse.StatusCode);
        var metrics = await metricsResponse.Content.ReadAsStringAsync();
        Assert.Equal(4m, Sample(metrics, "nmcs_usage_records_total{outcome=\"rated\"}"));
        Assert.Equal(4m, Sample(metrics, "nmcs_usage_records_total{outcome=\"duplicate\"}"));
        Assert.Equal(0m, Sample(metrics, "nmcs_usage_records_total{outcome=\"rejected\"}"));
        Assert.Equal(1m, Sample(metrics, "nmcs_invoices_issued_total"));
        Assert.True(Sample(metrics, "nmcs_rating_duration_seconds_count") >= 1m, "rating was timed at least once");
        Assert.Contains("nmcs_rating_duration_seconds_bucket{le=", metrics, StringComparison.Ordinal);
    }

    private static void AssertLine(JsonElement line, int number, string kind, decimal quantity, decimal unrounded, decimal amount)
    {
        Assert.Equal(number, line.At("lineNumber").GetInt32());
        Assert.Equal(kind, line.Str("kind"));
        Assert.Equal(quantity, line.Dec("quantity"));
        Assert.Equal(unrounded, line.Dec("unroundedAmount"));
        Assert.Equal(amount, line.Dec("amount"));
    }

    /// <summary>The value of one sample line of the Prometheus text format.</summary>
    private static decimal Sample(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"/metrics has no sample {series}:\n{metrics}");
        return decimal.Parse(line![(series.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private async Task<Charges> RealTimeChargesAsync(string accountId)
    {
        var data = await Host.QueryAsync(
            "query ($a: ID!) { account(id: $a) { realTimeCharges { ratedRecords unbilledUsageAmount currency } } }", new { a = accountId });
        Assert.Equal("EUR", data.Str("account", "realTimeCharges", "currency"));
        return new Charges(data.At("account", "realTimeCharges", "ratedRecords").GetInt64(), data.Dec("account", "realTimeCharges", "unbilledUsageAmount"));
    }

    private sealed record Charges(long RatedRecords, decimal Amount);
}
