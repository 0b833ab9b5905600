using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NMcs.IntegrationTests.Http;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>
/// A host with three network elements and a bound of 5 records in flight, on the test clock at 2026-03-20:
/// pgw-fra1 (configured by the SHA-256 of its key on the command line), smsc-ber2 (id and clear key from environment
/// variables) and meter-hub (allowed only from 10.0.0.0/8). Customer NE (EUR) has SIM A on NE-PLAN (SMS 0.05).
/// </summary>
public sealed class SecuredIngestionHostFixture() : HostFixture(Options)
{
    public const string PgwKey = "pgw-fra1-key-5f0c2a9e71b34d88";
    public const string SmscKey = "smsc-ber2-key-0d7e44b1a9c26f35";
    public const string MeterKey = "meter-hub-key-93aa01c7e5d24b60";
    public const string Account = "NE-PAYER";
    public const int MaxRecordsInFlight = 5;
    public static readonly string IccidA = TestData.IccidWithCheckDigit("894450010219830470");

    private static HostOptions Options => HostOptions.WithTestClock with
    {
        Arguments =
        [
            "--NMcs:Ingestion:NetworkElements:0:Id=pgw-fra1",
            "--NMcs:Ingestion:NetworkElements:0:ApiKeySha256=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PgwKey))),
            "--NMcs:Ingestion:NetworkElements:2:Id=meter-hub",
            "--NMcs:Ingestion:NetworkElements:2:ApiKey=" + MeterKey,
            "--NMcs:Ingestion:NetworkElements:2:AllowedSources:0=10.0.0.0/8",
            string.Create(CultureInfo.InvariantCulture, $"--NMcs:Ingestion:MaxRecordsInFlight={MaxRecordsInFlight}"),
        ],
        Environment = new Dictionary<string, string>
        {
            ["NMcs__Ingestion__NetworkElements__1__Id"] = "smsc-ber2",
            ["NMcs__Ingestion__NetworkElements__1__ApiKey"] = SmscKey,
        },
    };

    protected override async Task SeedAsync(HostProcess host)
    {
        await host.QueryAsync("""
            mutation { createProduct(input: { id: "NE-PLAN", name: "NE plan", currency: "EUR", monthlyFee: 1, activationFee: 0,
              usageCharges: [ { serviceType: SMS, rateUnit: "MSG", pricePerUnit: 0.05, includedUnits: 0 } ] }) { id } }
            """);
        await host.CustomerAsync("NE");
        await host.ActiveSimAsync(IccidA, "262017700000001", "4915177000001", "NE", "NE-PLAN");
        await host.QueryAsync("mutation { advanceClock(to: \"2026-03-20T00:00:00Z\") { now } }");
    }
}

/// <summary>API keys per network element, and the bound on records in flight.</summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class SecuredIngestionTests(SecuredIngestionHostFixture fixture, ITestOutputHelper output)
    : HostTest(fixture.Host, output), IClassFixture<SecuredIngestionHostFixture>
{
    private static readonly string[] BusyBatch = ["busy-1", "busy-2", "busy-3"];

    private static Dictionary<string, string> PgwKey => new() { ["X-Api-Key"] = SecuredIngestionHostFixture.PgwKey };

    /// <summary>One SMS of SIM A on 2026-03-10 (0.05).</summary>
    public static JsonObject Sms(string recordId) => new()
    {
        ["recordId"] = recordId,
        ["iccid"] = SecuredIngestionHostFixture.IccidA,
        ["timestamp"] = "2026-03-10T08:00:00Z",
        ["serviceType"] = "SMS",
        ["quantity"] = 1,
        ["unit"] = "MSG",
    };

    [Fact]
    public async Task Push_without_an_api_key_is_401_and_records_nothing()
    {
        var before = await SnapshotAsync();
        var reply = await Host.PushAsync(IngestionRequests.Json(new JsonArray(Sms("no-key-1"))));
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Contains("X-Api-Key", reply.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded", reply.Error, StringComparison.Ordinal);
        Assert.Equal("ApiKey", Assert.Single(reply.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await SnapshotAsync());
        Assert.False(await Host.IsRatedAsync("no-key-1"));
    }

    [Fact]
    public async Task Push_with_an_unknown_api_key_is_401_and_records_nothing()
    {
        var before = await SnapshotAsync();
        var reply = await Host.PushAsync(IngestionRequests.Json(new JsonArray(Sms("wrong-key-1"))), new Dictionary<string, string> { ["X-Api-Key"] = "not-a-key-of-any-element" });
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Contains("not the key of any configured network element", reply.Error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        Assert.False(await Host.IsRatedAsync("wrong-key-1"));
    }

    [Fact]
    public async Task Push_with_an_elements_key_is_rated_with_the_element_as_the_source()
    {
        var charges = await Host.ChargesAsync(SecuredIngestionHostFixture.Account);
        var pgw = await Host.PushAsync(IngestionRequests.Json(new JsonArray(Sms("pgw-1"))), PgwKey);
        Assert.Equal(HttpStatusCode.OK, pgw.Status);
        Assert.Equal((1, 1), (pgw.Answer.Received, pgw.Answer.Accepted));
        Assert.Equal("pgw-fra1", pgw.Body.GetProperty("source").GetString());

        // The second element's id and key come from environment variables; Authorization: ApiKey works too.
        var smsc = await Host.PushAsync(
            IngestionRequests.Json(new JsonArray(Sms("smsc-1"))),
            new Dictionary<string, string> { ["Authorization"] = "ApiKey " + SecuredIngestionHostFixture.SmscKey });
        Assert.Equal(HttpStatusCode.OK, smsc.Status);
        Assert.Equal("smsc-ber2", smsc.Body.GetProperty("source").GetString());

        var batch = await Host.QueryAsync("query ($id: ID!) { ingestBatch(id: $id) { source sourceKind received rated } }", new { id = pgw.Body.GetProperty("batchId").GetString() });
        Assert.Equal(("pgw-fra1", "push", 1L, 1L), (batch.Str("ingestBatch", "source"), batch.Str("ingestBatch", "sourceKind"), batch.At("ingestBatch", "received").GetInt64(), batch.At("ingestBatch", "rated").GetInt64()));
        Assert.True(await Host.MetricAsync("nmcs_ingest_network_element_records_total{network_element=\"pgw-fra1\",outcome=\"rated\"}") >= 1m);

        // 2 × 0.05.
        Assert.Equal((charges.Records + 2, charges.Amount + 0.10m), await Host.ChargesAsync(SecuredIngestionHostFixture.Account));
    }

    [Fact]
    public async Task Element_pushing_from_an_address_it_is_not_allowed_from_is_403_and_records_nothing()
    {
        var before = await SnapshotAsync();
        var reply = await Host.PushAsync(IngestionRequests.Json(new JsonArray(Sms("meter-1"))), new Dictionary<string, string> { ["X-Api-Key"] = SecuredIngestionHostFixture.MeterKey });
        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Contains("meter-hub", reply.Error, StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/8", reply.Error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Above_the_in_flight_bound_a_push_is_429_with_Retry_After_and_records_nothing()
    {
        // A request holds three records in flight: the host has read its first lines and waits for the rest.
        var held = new StreamedContent("application/x-ndjson");
        var pending = Host.PushAsync(held, PgwKey);
        foreach (var id in new[] { "held-1", "held-2", "held-3" })
        {
            held.WriteLine(Sms(id).ToJsonString());
        }

        await WaitForInFlightAsync(3);
        var before = await SnapshotAsync();

        // Three more would make six, above the bound of five.
        var busy = await Host.PushAsync(IngestionRequests.Ndjson(BusyBatch.Select(id => Sms(id).ToJsonString())), PgwKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, busy.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
        Assert.Contains("in flight", busy.Error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        Assert.False(await Host.IsRatedAsync("busy-1"));

        // The held request finishes normally and gives its slots back.
        held.Complete();
        var done = await pending;
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal((3, 3), (done.Answer.Received, done.Answer.Accepted));
        await WaitForInFlightAsync(0);
        var retried = await Host.PushAsync(IngestionRequests.Ndjson(BusyBatch.Select(id => Sms(id).ToJsonString())), PgwKey);
        Assert.Equal((HttpStatusCode.OK, 3), (retried.Status, retried.Answer.Accepted));
    }

    [Fact]
    public async Task Batch_larger_than_the_in_flight_bound_is_413_and_records_nothing()
    {
        var before = await SnapshotAsync();
        var reply = await Host.PushAsync(IngestionRequests.Ndjson(Enumerable.Range(1, 6).Select(i => Sms($"too-many-{i}").ToJsonString())), PgwKey);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Contains("MaxRecordsInFlight", reply.Error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        Assert.False(await Host.IsRatedAsync("too-many-1"));
    }

    /// <summary>Reconciliation totals, rejects stored and the account's charges: all that a push could change.</summary>
    private async Task<string> SnapshotAsync() =>
        $"{await Host.TotalsAsync()} {await Host.RejectCountAsync()} {await Host.ChargesAsync(SecuredIngestionHostFixture.Account)}";

    /// <summary>Polls the in-flight gauge until it shows <paramref name="records"/> (a barrier, not a timing assertion).</summary>
    private async Task WaitForInFlightAsync(int records)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await Host.MetricAsync("nmcs_ingest_records_in_flight") == records)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw Host.Failure($"nmcs_ingest_records_in_flight never reached {records}.");
    }
}
