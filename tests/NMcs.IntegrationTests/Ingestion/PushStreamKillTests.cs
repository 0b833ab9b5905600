using System.Globalization;
using System.Net;
using NMcs.IntegrationTests.Http;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>
/// A network element streams usage in NDJSON batches; the host is killed with SIGKILL while a batch is half-sent.
/// The element re-sends everything not acknowledged; the totals, to the cent, equal those of a run without a crash.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class PushStreamKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Batches = 12;
    private const int PerBatch = 250;
    private static readonly string Iccid = TestData.IccidWithCheckDigit("894450010219830710");
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

    private static string Line(int batch, int i) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"recordId":"ne7-{{batch:D2}}-{{i:D4}}","iccid":"{{Iccid}}","timestamp":"{{TestData.Iso(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).AddMinutes((batch * PerBatch) + i))}}","serviceType":"DATA","quantity":1,"unit":"MB"}""");

    private static IEnumerable<string> BatchLines(int batch) => Enumerable.Range(0, PerBatch).Select(i => Line(batch, i));

    private static async Task<(long Records, decimal Amount)> ChargesAsync(HostProcess host)
    {
        var data = await host.QueryAsync("{ customer(id: \"STREAM\") { account { realTimeCharges { ratedRecords unbilledUsageAmount } } } }");
        return (data.At("customer", "account", "realTimeCharges", "ratedRecords").GetInt64(), data.Dec("customer", "account", "realTimeCharges", "unbilledUsageAmount"));
    }

    [Fact]
    public async Task A_kill_9_in_the_middle_of_a_streamed_batch_loses_nothing_and_charges_nothing_twice()
    {
        var host = _host!;
        await host.QueryAsync("""mutation { createCustomer(input: { id: "STREAM", name: "Stream AG", currency: "EUR", timeZone: "UTC" }) { id } }""");
        await host.QueryAsync("""
            mutation { createProduct(input: {
              id: "IOT-STREAM", name: "IoT stream plan", currency: "EUR", monthlyFee: 0, activationFee: 0,
              usageCharges: [ { serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.01, includedUnits: 100 } ] }) { id } }
            """);
        await host.QueryAsync("mutation ($i: String!) { registerSim(input: { iccid: $i, imsi: \"262019000007101\", msisdn: \"4915190007101\" }) { iccid } }", new { i = Iccid });
        await host.QueryAsync("mutation ($i: String!) { assignSim(iccid: $i, customerId: \"STREAM\") { status } }", new { i = Iccid });
        await host.QueryAsync("mutation ($i: String!) { activateSim(iccid: $i, productId: \"IOT-STREAM\") { status } }", new { i = Iccid });
        await host.QueryAsync("mutation { advanceClock(to: \"2026-03-20T00:00:00Z\") { now } }");

        // A clean run charges 12 x 250 = 3,000 records of 1 MB: 3,000 MB - 100 MB included = 2,900 MB x 0.01 = 29.00 EUR.
        // Batches 0-5 are acknowledged before the crash.
        for (var batch = 0; batch < 6; batch++)
        {
            var reply = await host.PushAsync(IngestionRequests.Ndjson(BatchLines(batch)));
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(PerBatch, reply.Answer.Accepted);
        }

        // Batch 6 is streamed line by line; the host is killed when half of it has been sent.
        var streamed = new StreamedContent("application/x-ndjson");
        var inFlight = host.PushAsync(streamed);
        foreach (var line in BatchLines(6).Take(PerBatch / 2))
        {
            streamed.WriteLine(line);
        }

        await Task.Delay(300);
        host.Kill();
        streamed.Complete();
        // The element never gets an answer for batch 6 (the connection died with the host).
        var unanswered = await Record.ExceptionAsync(() => inFlight.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotNull(unanswered);
        await host.RestartAsync();

        // Acknowledged usage is all there: 1,500 MB - 100 MB = 1,400 MB x 0.01 = 14.00 EUR.
        Assert.Equal((1_500L, 14.00m), await ChargesAsync(host));

        // The element re-sends from the first unacknowledged batch; nothing of batch 6 had been acknowledged.
        for (var batch = 6; batch < Batches; batch++)
        {
            var reply = await host.PushAsync(IngestionRequests.Ndjson(BatchLines(batch)));
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(PerBatch, reply.Answer.Accepted + reply.Answer.Duplicate);
        }

        Assert.Equal((3_000L, 29.00m), await ChargesAsync(host));

        // An over-cautious element that re-sends everything changes nothing.
        for (var batch = 0; batch < Batches; batch++)
        {
            var reply = await host.PushAsync(IngestionRequests.Ndjson(BatchLines(batch)));
            Assert.Equal(PerBatch, reply.Answer.Duplicate);
        }

        Assert.Equal((3_000L, 29.00m), await ChargesAsync(host));
    }
}
