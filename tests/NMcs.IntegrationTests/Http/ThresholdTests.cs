using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// Real-time thresholds end to end against a real host process: usage through <c>POST /ingest/usage</c> raises
/// allowance and credit-limit events that <c>thresholdEvents</c> returns as soon as the ingest call has answered,
/// exactly once — not again for a re-sent batch, nor after the process is killed and started again.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class ThresholdTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Account = "THR-PAYER";
    private static readonly string Sim1 = TestData.IccidWithCheckDigit("894450010219830620");
    private static readonly string Sim2 = TestData.IccidWithCheckDigit("894450010219830621");
    private static readonly DateTimeOffset March20 = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);

    private const string EventFields = "id kind accountId iccid allowanceId percent threshold limit value unit period recordId occurredAt raisedAt";

    private HostProcess? _host;

    private HostProcess Host => _host!;

    public async Task InitializeAsync() => _host = await HostProcess.StartAsync(HostOptions.WithTestClock);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            output.WriteLine(_host.LogTail(20_000));
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Allowance_and_credit_limit_events_are_visible_when_ingestion_answers_and_raised_once()
    {
        // 1,000 MB per SIM per month, then 0.01 EUR per MB; the platform default raises 80 % and 100 % of it.
        await Host.QueryAsync("""
            mutation {
              createCustomer(input: { id: "THR", name: "Threshold Metering", currency: "EUR", timeZone: "UTC" }) { id }
              createProduct(input: { id: "IOT-THR", name: "IoT 1000 MB", currency: "EUR", monthlyFee: 1.00, activationFee: 0,
                usageCharges: [ { serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.01, includedUnits: 1000 } ] }) { id }
            }
            """);
        foreach (var (iccid, n) in new[] { (Sim1, 1), (Sim2, 2) })
        {
            await Host.QueryAsync(
                """
                mutation ($i: String!, $imsi: String!, $msisdn: String!) {
                  registerSim(input: { iccid: $i, imsi: $imsi, msisdn: $msisdn }) { iccid }
                  assignSim(iccid: $i, customerId: "THR") { status }
                  activateSim(iccid: $i, productId: "IOT-THR") { status }
                }
                """,
                new { i = iccid, imsi = "26201900006200" + n, msisdn = "49151900062" + n });
        }

        // --- Limits, and refusals that change nothing ----------------------------------------------------------
        var limit = await Host.QueryAsync("mutation { setCreditLimit(accountId: \"THR-PAYER\", amount: 10.00) { id creditLimit } }");
        Assert.Equal(10.00m, limit.Dec("setCreditLimit", "creditLimit"));
        var negative = await Host.ExpectErrorAsync("mutation { setCreditLimit(accountId: \"THR-PAYER\", amount: -1) { id } }");
        Assert.Equal(("INVALID_LIMIT", "amount"), (negative.Code, negative.Field));
        var fraction = await Host.ExpectErrorAsync("mutation { setCreditLimit(accountId: \"THR-PAYER\", amount: 10.005) { id } }");
        Assert.Equal(("INVALID_LIMIT", "amount"), (fraction.Code, fraction.Field));
        Assert.Contains("more decimals than EUR has (2)", fraction.Message, StringComparison.Ordinal);
        var unknown = await Host.ExpectErrorAsync("mutation { setCreditLimit(accountId: \"NOPE\", amount: 5) { id } }");
        Assert.Equal(("UNKNOWN_ACCOUNT", "accountId"), (unknown.Code, unknown.Field));
        var simLimit = await Host.QueryAsync("mutation ($i: String!) { setSimChargeLimit(iccid: $i, amount: 0.10) { simChargeLimits { iccid amount } } }", new { i = Sim2 });
        Assert.Equal((Sim2, 0.10m), Single(simLimit.At("setSimChargeLimit", "simChargeLimits"), l => (l.Str("iccid"), l.Dec("amount"))));
        var account = await Host.QueryAsync("{ account(id: \"THR-PAYER\") { creditLimit simChargeLimits { iccid amount } } }");
        Assert.Equal(10.00m, account.Dec("account", "creditLimit"));

        await Host.QueryAsync("mutation { advanceClock(to: \"2026-03-20T00:00:00Z\") { now } }");

        // --- Allowance: 500 MB (50 %) nothing; +300 MB = 800 MB = 80 % -----------------------------------------
        await IngestAsync((Sim1, "thr-1", 1, 500m));
        Assert.Empty(await EventsAsync());
        await IngestAsync((Sim1, "thr-2", 2, 300m));

        // Visible as soon as the ingest call has answered: the event was committed with the record.
        var at80 = Assert.Single(await EventsAsync());
        Assert.Equal(("ALLOWANCE_USAGE", Account, Sim1, "data-allowance", "thr-2", "2026-03"), (at80.Str("kind"), at80.Str("accountId"), at80.Str("iccid"), at80.Str("allowanceId"), at80.Str("recordId"), at80.Str("period")));
        Assert.Equal((80m, 800m, 1000m, 800m, "MB"), (at80.Dec("percent"), at80.Dec("threshold"), at80.Dec("limit"), at80.Dec("value"), at80.Str("unit")));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), at80.At("occurredAt").GetDateTimeOffset());
        Assert.Equal(March20, at80.At("raisedAt").GetDateTimeOffset()); // the platform (test) clock
        Assert.StartsWith("THR-", at80.Str("id"), StringComparison.Ordinal);

        // Re-sent: duplicates move no counter and raise nothing.
        var again = await IngestAsync((Sim1, "thr-1", 1, 500m), (Sim1, "thr-2", 2, 300m));
        Assert.Equal((0, 2), (again.Accepted, again.Duplicate));
        Assert.Single(await EventsAsync());

        // +300 MB: the allowance's last 200 MB (100 %), 100 MB billable = 1.00 EUR. Then 600 MB = 6.00: 7.00 charged.
        await IngestAsync((Sim1, "thr-3", 3, 300m), (Sim1, "thr-4", 4, 600m));
        var events = await EventsAsync();
        Assert.Equal([("ALLOWANCE_USAGE", 80m, "thr-2"), ("ALLOWANCE_USAGE", 100m, "thr-3")], events.Select(e => (e.Str("kind")!, e.Dec("percent"), e.Str("recordId")!)));
        Assert.Equal(1000m, events[1].Dec("value"));

        // --- The process dies; counters, charges and raised thresholds come back from the store ----------------
        Host.Kill();
        await Host.RestartAsync();
        Assert.Equal(2, (await EventsAsync()).Count);

        // 150 MB = 1.50 → 8.50 EUR ≥ 8.00 (80 % of 10.00): the warning, counted from the ledger's 7.00.
        await IngestAsync((Sim1, "thr-5", 5, 150m));
        var warning = Assert.Single(await EventsAsync(kind: "CREDIT_LIMIT"));
        Assert.Equal((80m, 8.00m, 10.00m, 8.50m, "EUR", "thr-5"), (warning.Dec("percent"), warning.Dec("threshold"), warning.Dec("limit"), warning.Dec("value"), warning.Str("unit"), warning.Str("recordId")));
        Assert.Equal(JsonValueKind.Null, warning.At("iccid").ValueKind);

        // Everything re-sent after the restart: all duplicates, no event twice.
        var replay = await IngestAsync((Sim1, "thr-1", 1, 500m), (Sim1, "thr-2", 2, 300m), (Sim1, "thr-3", 3, 300m), (Sim1, "thr-4", 4, 600m), (Sim1, "thr-5", 5, 150m));
        Assert.Equal((0, 5), (replay.Accepted, replay.Duplicate));
        Assert.Equal(3, (await EventsAsync()).Count);

        // 150 MB = 1.50 → 10.00: the credit limit itself.
        await IngestAsync((Sim1, "thr-6", 6, 150m));
        var atLimit = (await EventsAsync(kind: "CREDIT_LIMIT")).Last();
        Assert.Equal((100m, 10.00m, 10.00m, "thr-6"), (atLimit.Dec("percent"), atLimit.Dec("threshold"), atLimit.Dec("value"), atLimit.Str("recordId")));

        // --- One record crossing four thresholds: SIM 2 uses 1,010 MB -------------------------------------------
        // Its allowance reaches 80 % and 100 %; 10 MB billable = 0.10 EUR reaches 80 % (0.08) and 100 % of its 0.10
        // SIM limit. The account's charges (10.10) are past both credit thresholds already: nothing more there.
        await IngestAsync((Sim2, "thr-7", 7, 1010m));
        var sim2 = await EventsAsync(iccid: Sim2);
        Assert.Equal(
            [("ALLOWANCE_USAGE", 80m, 800m), ("ALLOWANCE_USAGE", 100m, 1000m), ("SIM_CHARGE_LIMIT", 80m, 0.08m), ("SIM_CHARGE_LIMIT", 100m, 0.10m)],
            sim2.Select(e => (e.Str("kind")!, e.Dec("percent"), e.Dec("threshold"))));
        Assert.All(sim2, e => Assert.Equal("thr-7", e.Str("recordId")));
        Assert.Equal(2, (await EventsAsync(kind: "CREDIT_LIMIT")).Count);

        // --- Filters and metrics --------------------------------------------------------------------------------
        Assert.Equal(2, (await Host.QueryAsync("query ($i: String!) { thresholdEvents(iccid: $i, kind: ALLOWANCE_USAGE) { id } }", new { i = Sim1 })).At("thresholdEvents").GetArrayLength());
        Assert.Equal(8, (await Host.QueryAsync("{ thresholdEvents(since: \"2026-03-20T00:00:00Z\") { id } }")).At("thresholdEvents").GetArrayLength());
        Assert.Equal(0, (await Host.QueryAsync("{ thresholdEvents(since: \"2026-03-20T00:00:01Z\") { id } }")).At("thresholdEvents").GetArrayLength());
        var tooMany = await Host.ExpectErrorAsync("{ thresholdEvents(first: 0) { id } }");
        Assert.Equal(("INVALID_ARGUMENT", "first"), (tooMany.Code, tooMany.Field));

        // Counters restart with the process: since the restart, 2 credit-limit, 2 allowance and 2 SIM-limit events.
        using var metricsResponse = await Host.Http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metricsResponse.StatusCode);
        var metrics = await metricsResponse.Content.ReadAsStringAsync();
        Assert.Equal(2m, Sample(metrics, "nmcs_threshold_events_total{kind=\"credit_limit\"}"));
        Assert.Equal(2m, Sample(metrics, "nmcs_threshold_events_total{kind=\"allowance_usage\"}"));
        Assert.Equal(2m, Sample(metrics, "nmcs_threshold_events_total{kind=\"sim_charge_limit\"}"));
    }

    private async Task<IngestAnswer> IngestAsync(params (string Iccid, string RecordId, int Day, decimal Megabytes)[] records)
    {
        var answer = await Host.IngestOkAsync(records.Select(r => (object)new
        {
            recordId = r.RecordId,
            iccid = r.Iccid,
            timestamp = string.Create(CultureInfo.InvariantCulture, $"2026-03-{r.Day:D2}T10:00:00Z"),
            serviceType = "DATA",
            quantity = r.Megabytes,
            unit = "MB",
        }));
        Assert.Empty(answer.Rejections);
        return answer;
    }

    private async Task<List<JsonElement>> EventsAsync(string? kind = null, string? iccid = null)
    {
        var data = await Host.QueryAsync(
            $$"""
            query ($a: ID!, $i: String, $k: ThresholdKind) {
              thresholdEvents(accountId: $a, iccid: $i, kind: $k, first: 100) { {{EventFields}} }
            }
            """,
            new { a = Account, i = iccid, k = kind });
        return [.. data.At("thresholdEvents").EnumerateArray()];
    }

    private static T Single<T>(JsonElement array, Func<JsonElement, T> select) => select(Assert.Single(array.EnumerateArray()));

    /// <summary>The value of one sample line of the Prometheus text format.</summary>
    private decimal Sample(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        if (line is null)
        {
            throw Host.Failure($"/metrics has no sample {series}:\n{metrics}");
        }

        return decimal.Parse(line[(series.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
