using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// A bill run over all payers is killed with SIGKILL right after it was started; after the restart the host resumes
/// it, and every payer ends with exactly one invoice, numbered without gaps.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class BillRunKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Payers = 400;
    private const int PerDocument = 50;
    private HostProcess? _host;

    public async Task InitializeAsync() => _host = await HostProcess.StartAsync(HostOptions.WithTestClock);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            output.WriteLine(_host.LogTail(8_000));
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bill_run_killed_half_way_resumes_and_issues_each_invoice_exactly_once()
    {
        var host = _host!;
        await host.QueryAsync("""
            mutation { createProduct(input: { id: "RUN-KILL", name: "Run kill plan", currency: "EUR", monthlyFee: 3.00, activationFee: 0, usageCharges: [] }) { id } }
            """);
        for (var start = 0; start < Payers; start += PerDocument)
        {
            // One document per 50 payers: customer, SIM registration, assignment and activation of each, in order.
            var document = new StringBuilder("mutation {");
            for (var i = start; i < start + PerDocument; i++)
            {
                var n = i.ToString("D5", CultureInfo.InvariantCulture);
                var iccid = TestData.IccidWithCheckDigit("8949000000099" + n);
                document.Append(CultureInfo.InvariantCulture, $" c{n}: createCustomer(input: {{ id: \"RK{n}\", name: \"Run kill {n}\", currency: \"EUR\" }}) {{ id }}")
                    .Append(CultureInfo.InvariantCulture, $" r{n}: registerSim(input: {{ iccid: \"{iccid}\", imsi: \"2620199000{n}\", msisdn: \"491709900{n}\" }}) {{ iccid }}")
                    .Append(CultureInfo.InvariantCulture, $" a{n}: assignSim(iccid: \"{iccid}\", customerId: \"RK{n}\") {{ status }}")
                    .Append(CultureInfo.InvariantCulture, $" s{n}: activateSim(iccid: \"{iccid}\", productId: \"RUN-KILL\") {{ status }}");
            }

            await host.QueryAsync(document.Append('}').ToString());
        }

        await host.QueryAsync("mutation { advanceClock(to: \"2026-04-01T00:00:00Z\") { now } }");
        var started = await host.QueryAsync("mutation { startBillRun(all: true) { id payers status } }");
        var runId = started.GetProperty("startBillRun").GetProperty("id").GetString()!;
        Assert.Equal(Payers, started.GetProperty("startBillRun").GetProperty("payers").GetInt32());

        // SIGKILL while the run is (most likely) still going, then start again on the same data directory.
        host.Kill();
        await host.RestartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(120);
        string status;
        System.Text.Json.JsonElement run;
        do
        {
            await Task.Delay(250);
            run = (await host.QueryAsync("query ($id: ID!) { billRun(id: $id) { status invoiced failed failures } }", new { id = runId })).GetProperty("billRun");
            status = run.GetProperty("status").GetString()!;
        }
        while (status == "running" && DateTime.UtcNow < deadline);

        output.WriteLine(host.LogTail(100_000).Contains("was interrupted; resuming", StringComparison.Ordinal)
            ? "the run was interrupted by the kill and resumed after the restart"
            : "the run had finished before the kill landed");
        Assert.Equal("completed", status);
        Assert.Equal(0, run.GetProperty("failed").GetInt32());
        Assert.Equal(Payers, run.GetProperty("invoiced").GetInt32());

        // Every payer has exactly one invoice of 6.00 (March 3.00 + April in advance 3.00), and the numbers are
        // INV-000001 .. INV-000400: none issued twice, none skipped.
        var numbers = new List<string>();
        for (var start = 0; start < Payers; start += 100)
        {
            var query = new StringBuilder("query {");
            for (var i = start; i < start + 100; i++)
            {
                var n = i.ToString("D5", CultureInfo.InvariantCulture);
                query.Append(CultureInfo.InvariantCulture, $" p{n}: account(id: \"RK{n}-PAYER\") {{ invoices {{ number total }} }}");
            }

            var accounts = await host.QueryAsync(query.Append('}').ToString());
            foreach (var account in accounts.EnumerateObject())
            {
                var invoice = Assert.Single(account.Value.GetProperty("invoices").EnumerateArray());
                Assert.Equal(6.00m, invoice.GetProperty("total").GetDecimal());
                numbers.Add(invoice.GetProperty("number").GetString()!);
            }
        }

        Assert.Equal(
            Enumerable.Range(1, Payers).Select(i => "INV-" + i.ToString("D6", CultureInfo.InvariantCulture)),
            numbers.Order(StringComparer.Ordinal));
    }
}
