using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Grains.Orders;
using NMcs.Host;
using NMcs.Identifiers;
using NMcs.Storage;

namespace NMcs.Bench;

/// <summary>
/// <c>provisioning</c>: orders per second through the network. A real host runs in-process with its demo switch
/// (<c>NMcs:Provisioning:Demo=true</c>): the HLR (CAI), HSS (SPML) and PGW (TCP) simulators on loopback ports, 8
/// connections per element. SIMs are registered and assigned without timing; then every SIM gets activate, suspend,
/// resume and terminate orders, one phase after the other, each order a one-item order submitted and waited for through
/// <see cref="OrderSubmission"/> (what <c>submitOrder(wait: true)</c> calls), <c>--concurrency</c> orders in flight.
/// Activate, suspend and resume run one command on the HLR and one on the HSS; terminate deletes on both.
/// </summary>
internal static class ProvisioningBenchmark
{
    public static readonly string[] Options = ["orders", "concurrency", "json"];

    private const string ProductId = "bench-provisioning";
    private const string CustomerId = "bench-provisioning-c1";
    private static readonly DateTimeOffset ClockStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly OrderKind[] Phases = [OrderKind.Activate, OrderKind.Suspend, OrderKind.Resume, OrderKind.Terminate];

    public static async Task<JsonObject> RunAsync(BenchOptions options)
    {
        var orders = options.Int("orders", 20_000, max: 1_000_000);
        var concurrency = options.Int("concurrency", 64, max: 4_096);
        var sims = (orders + Phases.Length - 1) / Phases.Length;
        var loadAverageStart = MachineInfo.LoadAverage();
        var total = Stopwatch.StartNew();
        BenchMath.Log($"provisioning: {orders:N0} orders on {sims:N0} SIMs, {concurrency} in flight, demo elements (8 connections each)");

        await using var host = await InProcessHost.StartAsync(ClockStart, fullSync: false, billingSchedule: false, extraArguments: ["--NMcs:Provisioning:Demo=true"]);
        var demo = host.Services.GetServices<IHostedService>().OfType<ProvisioningDemo>().Single();
        BenchMath.Log($"  simulators: HLR 127.0.0.1:{demo.HlrPort}, HSS 127.0.0.1:{demo.HssPort}, PGW 127.0.0.1:{demo.PgwPort}");
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var submission = host.Services.GetRequiredService<OrderSubmission>();

        // --- setup (not timed): a product, a customer, the SIMs registered and assigned ----------------------------------
        var catalog = host.Services.GetRequiredService<ProductCatalog>();
        var draft = await catalog.SaveDraftAsync(new ProductOffering
        {
            Id = ProductId,
            Version = 0,
            Name = "Provisioning bench",
            ValidFrom = ClockStart,
            Currency = Currency.Eur,
            UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.01m }],
        });
        await catalog.PublishAsync(draft.Id, draft.Version);
        await grains.GetGrain<ICustomerGrain>(CustomerId).Create("Provisioning bench", "EUR", "UTC");
        var iccids = Enumerable.Range(1, sims).Select(Iccid).ToList();
        await ForEachAsync(Enumerable.Range(1, sims), 32, async i => await grains.GetGrain<ISimGrain>(Iccid(i)).Register(Imsi(i), Msisdn(i)));
        foreach (var chunk in iccids.Chunk(10_000))
        {
            var assign = await submission.SubmitAndWaitAsync(new OrderRequest(
                "bench",
                chunk.Select((iccid, n) => new OrderItemRequest((n + 1).ToString(CultureInfo.InvariantCulture), OrderKind.Assign, iccid, CustomerId: CustomerId)).ToList(),
                Bulk: true));
            if (assign.State != OrderState.Completed)
            {
                throw new InvalidOperationException($"assigning the SIMs ended {assign.State}: {assign.Reason}");
            }
        }

        BenchMath.Log($"  setup done in {total.Elapsed.TotalSeconds:F1} s");

        // --- measured: the order phases ----------------------------------------------------------------------------------
        var latencies = new ConcurrentBag<double>();
        var states = new ConcurrentDictionary<OrderState, int>();
        var phaseSeconds = new JsonObject();
        var measured = Stopwatch.StartNew();
        var left = orders;
        foreach (var kind in Phases)
        {
            var phase = iccids.Take(Math.Min(left, sims)).ToList();
            left -= phase.Count;
            var started = Stopwatch.StartNew();
            await ForEachAsync(phase, concurrency, async iccid =>
            {
                var item = new OrderItemRequest("1", kind, iccid, ProductId: kind == OrderKind.Activate ? ProductId : null);
                var sent = Stopwatch.GetTimestamp();
                var order = await submission.SubmitAndWaitAsync(new OrderRequest("bench", [item]));
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                states.AddOrUpdate(order.State, 1, (_, n) => n + 1);
            });
            phaseSeconds[SimLifecycle.ApiName(kind)] = BenchMath.Round(started.Elapsed.TotalSeconds, 2);
            BenchMath.Log($"  {SimLifecycle.ApiName(kind),-9} {phase.Count:N0} orders in {started.Elapsed.TotalSeconds:F1} s");
        }

        var seconds = measured.Elapsed.TotalSeconds;
        var byState = new JsonObject();
        foreach (var state in new[] { OrderState.Completed, OrderState.Failed, OrderState.Partial, OrderState.Cancelled, OrderState.Acknowledged, OrderState.InProgress })
        {
            byState[SimLifecycle.ApiName(state)] = states.GetValueOrDefault(state);
        }

        return new JsonObject
        {
            ["benchmark"] = "provisioning",
            ["orders"] = orders,
            ["sims"] = sims,
            ["concurrency"] = concurrency,
            ["elements"] = "hlr-sim (CAI), hss-sim (SPML), pgw-sim (TCP); pool 8 each",
            ["orders_per_s"] = BenchMath.Round(orders / seconds, 1),
            ["p50_order_ms"] = BenchMath.Round(BenchMath.Percentile(latencies, 0.50), 1),
            ["p99_order_ms"] = BenchMath.Round(BenchMath.Percentile(latencies, 0.99), 1),
            ["max_order_ms"] = BenchMath.Round(BenchMath.Percentile(latencies, 1.0), 1),
            ["states"] = byState,
            ["phase_seconds"] = phaseSeconds,
            ["measured_seconds"] = BenchMath.Round(seconds, 1),
            ["total_seconds"] = BenchMath.Round(total.Elapsed.TotalSeconds, 1),
            ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            ["loadavg_start"] = loadAverageStart,
            ["machine"] = MachineInfo.Describe(),
        };
    }

    public static void PrintSummary(JsonObject r)
    {
        var o = Console.Out;
        o.WriteLine($"N-MCS provisioning benchmark, one in-process silo with the HLR/HSS/PGW simulators ({r["machine"]?["cpu"]}, {r["machine"]?["cores"]} cores, {r["machine"]?["runtime"]}; load average {r["loadavg_start"]} at start, {r["machine"]?["loadavg_end"]} at end)");
        o.WriteLine($"  {r["orders"]} orders on {r["sims"]} SIMs, {r["concurrency"]} in flight: {r["orders_per_s"]} orders/s; per order p50 {r["p50_order_ms"]} ms, p99 {r["p99_order_ms"]} ms, max {r["max_order_ms"]} ms");
        o.WriteLine($"  final states {r["states"]?.ToJsonString()}; phases (s) {r["phase_seconds"]?.ToJsonString()}");
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, Task> work) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) => await work(item));

    /// <summary>ICCID of SIM <paramref name="i"/>: 89 49 7 + 12-digit serial + Luhn digit = 19 digits.</summary>
    private static string Iccid(int i)
    {
        var payload = "894979" + i.ToString("D12", CultureInfo.InvariantCulture);
        return payload + Luhn.CheckDigit(payload);
    }

    private static string Imsi(int i) => "26279" + i.ToString("D10", CultureInfo.InvariantCulture);

    private static string Msisdn(int i) => "4979" + i.ToString("D10", CultureInfo.InvariantCulture);
}
