using System.Text.Json;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// Durability: whatever the host acknowledged (a 200 from <c>/ingest/usage</c>, a mutation's answer) is still there
/// after the process is killed with SIGKILL and started again on the same data directory.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class KillRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string CustomerId = "KILL9";
    private const string ProductId = "IOT-KILL";
    private static readonly string ActiveIccid = TestData.IccidWithCheckDigit("894450010219830490");
    private static readonly string SpareIccid = TestData.IccidWithCheckDigit("894450010219830491");
    private const string ActiveImsi = "262019000000001";
    private const string ActiveMsisdn = "4915190000001";
    private const string SpareImsi = "262019000000002";
    private const string SpareMsisdn = "4915190000002";
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private HostProcess? _host;

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
    public async Task Acknowledged_usage_and_master_data_survive_kill_9_and_redelivery_is_all_duplicates()
    {
        var host = _host!;

        // --- State before the crash ---------------------------------------------------------------------------
        await host.QueryAsync("""
            mutation { createCustomer(input: { id: "KILL9", name: "Kill Nine AG", currency: "EUR", timeZone: "Europe/Berlin" }) { id } }
            """);
        await host.QueryAsync("""
            mutation { createProduct(input: {
              id: "IOT-KILL", name: "IoT crash plan", currency: "EUR", monthlyFee: 2.50, activationFee: 0,
              usageCharges: [
                { serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.01, includedUnits: 100 },
                { serviceType: SMS, rateUnit: "MSG", pricePerUnit: 0.05, includedUnits: 0 } ] }) { id } }
            """);
        await host.QueryAsync(
            """
            mutation ($a: String!, $ai: String!, $am: String!, $s: String!, $si: String!, $sm: String!) {
              a: registerSim(input: { iccid: $a, imsi: $ai, msisdn: $am }) { iccid }
              s: registerSim(input: { iccid: $s, imsi: $si, msisdn: $sm }) { iccid }
            }
            """,
            new { a = ActiveIccid, ai = ActiveImsi, am = ActiveMsisdn, s = SpareIccid, si = SpareImsi, sm = SpareMsisdn });
        await host.QueryAsync("mutation ($i: String!) { assignSim(iccid: $i, customerId: \"KILL9\") { status } }", new { i = ActiveIccid });
        await host.QueryAsync("mutation ($i: String!) { activateSim(iccid: $i, productId: \"IOT-KILL\") { status } }", new { i = ActiveIccid });
        await host.QueryAsync("mutation ($to: DateTimeOffset!) { advanceClock(to: $to) { now } }", new { to = TestData.Iso(Now) });

        // 120 records naming the SIM by ICCID, IMSI and MSISDN in turn:
        //   60 × DATA 5 MB = 300 MB; 100 MB included, 200 MB × 0.01 = 2.00
        //   60 × SMS 1 MSG = 60 MSG; 60 × 0.05                      = 3.00
        // Acknowledged charge: 5.00 over 120 rated records.
        var batch = Batch(120);
        var ack = await host.IngestOkAsync(batch.Select(r => r.ToJson()));
        Assert.Equal((120, 120, 0, 0), (ack.Received, ack.Accepted, ack.Duplicate, ack.Rejected));

        // --- kill -9 right after the acknowledgement, then start on the same data directory ----------------------
        var killedPid = host.ProcessId;
        host.Kill();
        Assert.False(host.IsRunning);
        await host.RestartAsync();
        Assert.NotEqual(killedPid, host.ProcessId);

        // --- Master data is all there ---------------------------------------------------------------------------
        var data = await host.QueryAsync(
            """
            query ($a: String!, $s: String!) {
              customer(id: "KILL9") { id name currency timeZone account { id subscriptions { iccid productId productVersion } } }
              product(id: "IOT-KILL") { version monthlyFee usageCharges { serviceType pricePerUnit } allowances { quantity } }
              active: sim(id: $a) { iccid imsi msisdn status customerId subscription { productId } }
              spare: sim(id: $s) { iccid imsi msisdn status customerId }
              customers { id }
              sims { iccid }
            }
            """,
            new { a = ActiveIccid, s = SpareIccid });
        Assert.Equal(("Kill Nine AG", "EUR", "Europe/Berlin"), (data.Str("customer", "name"), data.Str("customer", "currency"), data.Str("customer", "timeZone")));
        var subscription = Assert.Single(data.At("customer", "account", "subscriptions").EnumerateArray());
        Assert.Equal((ActiveIccid, ProductId, 1), (subscription.Str("iccid"), subscription.Str("productId"), subscription.At("productVersion").GetInt32()));
        Assert.Equal(1, data.At("product", "version").GetInt32());
        Assert.Equal(2.50m, data.Dec("product", "monthlyFee"));
        Assert.Equal(2, data.At("product", "usageCharges").GetArrayLength());
        Assert.Equal((ActiveImsi, ActiveMsisdn, "ACTIVATED", CustomerId, ProductId), (data.Str("active", "imsi"), data.Str("active", "msisdn"), data.Str("active", "status"), data.Str("active", "customerId"), data.Str("active", "subscription", "productId")));
        Assert.Equal((SpareImsi, SpareMsisdn, "INVENTORY"), (data.Str("spare", "imsi"), data.Str("spare", "msisdn"), data.Str("spare", "status")));
        Assert.Equal(JsonValueKind.Null, data.At("spare", "customerId").ValueKind);
        Assert.Equal([CustomerId], data.At("customers").EnumerateArray().Select(c => c.Str("id")));
        Assert.Equal(new[] { ActiveIccid, SpareIccid }.Order(StringComparer.Ordinal), data.At("sims").EnumerateArray().Select(s => s.Str("iccid")));

        // --- The acknowledged usage is all there, charged as acknowledged --------------------------------------
        var accountId = data.Str("customer", "account", "id")!;
        Assert.Equal((120L, 5.00m), await ChargesAsync(host, accountId));
        var usage = await UsageAsync(host);
        Assert.Equal(batch.Select(r => r.RecordId).Order(StringComparer.Ordinal), usage.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5.00m, usage.Values.Sum());

        // The test clock resumes where it was moved to before the crash, not at NMcs:TestClock:Start.
        var clock = await host.QueryAsync("{ clock { now testClock } }");
        Assert.Equal(Now, clock.At("clock", "now").GetDateTimeOffset());

        // --- Re-delivery after the restart: every record is a duplicate ---------------------------------------
        var redelivery = await host.IngestOkAsync(batch.Select(r => r.ToJson()));
        Assert.Equal((120, 0, 120, 0), (redelivery.Received, redelivery.Accepted, redelivery.Duplicate, redelivery.Rejected));
        Assert.Equal((120L, 5.00m), await ChargesAsync(host, accountId));

        // The allowance consumed before the crash is remembered: one more MB is fully billable (1 × 0.01).
        var more = await host.IngestOkAsync([new UsageRecord("kill-after-restart", "iccid", ActiveIccid, TestData.Iso(Now.AddHours(-1)), "DATA", 1, "MB").ToJson()]);
        Assert.Equal(1, more.Accepted);
        Assert.Equal((121L, 5.01m), await ChargesAsync(host, accountId));
    }

    private static List<UsageRecord> Batch(int count)
    {
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var list = new List<UsageRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var (field, id) = (i % 3) switch
            {
                0 => ("iccid", ActiveIccid),
                1 => ("imsi", ActiveImsi),
                _ => ("msisdn", ActiveMsisdn),
            };
            var data = i % 2 == 0;
            list.Add(new UsageRecord($"kill-{i:D4}", field, id, TestData.Iso(start.AddMinutes(10 * i)), data ? "DATA" : "SMS", data ? 5 : 1, data ? "MB" : "MSG"));
        }

        return list;
    }

    private static async Task<(long Records, decimal Amount)> ChargesAsync(HostProcess host, string accountId)
    {
        var data = await host.QueryAsync(
            "query ($a: ID!) { account(id: $a) { realTimeCharges { ratedRecords unbilledUsageAmount } } }", new { a = accountId });
        return (data.At("account", "realTimeCharges", "ratedRecords").GetInt64(), data.Dec("account", "realTimeCharges", "unbilledUsageAmount"));
    }

    private static async Task<Dictionary<string, decimal>> UsageAsync(HostProcess host)
    {
        var data = await host.QueryAsync("query ($i: String!) { sim(id: $i) { usageRecords(first: 200) { id amount } } }", new { i = ActiveIccid });
        return data.At("sim", "usageRecords").EnumerateArray().ToDictionary(r => r.Str("id")!, r => r.Dec("amount"));
    }

    private sealed record UsageRecord(string RecordId, string SimField, string SimId, string Timestamp, string ServiceType, decimal Quantity, string Unit)
    {
        public Dictionary<string, object> ToJson() => new()
        {
            ["recordId"] = RecordId,
            [SimField] = SimId,
            ["timestamp"] = Timestamp,
            ["serviceType"] = ServiceType,
            ["quantity"] = Quantity,
            ["unit"] = Unit,
        };
    }
}
