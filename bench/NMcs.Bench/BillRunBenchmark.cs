using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Billing;
using NMcs.Billing.Recurring;
using NMcs.Catalog.Model;
using NMcs.Grains;
using NMcs.Grains.BillRuns;
using NMcs.Grains.State;
using NMcs.Storage;
using NMcs.Time;
using Orleans.Storage;
using static NMcs.Bench.BenchMath;

namespace NMcs.Bench;

/// <summary>
/// <c>billrun</c>: a bill run over all payers of an in-process host (<see cref="BillRunner"/>, the code behind
/// <c>startBillRun(all: true)</c>): every payer's ended month closed into its invoice in the embedded store. Checks
/// one invoice per payer and that a second run issues nothing; compares with a same-run no-I/O composition of the
/// same invoices and times each store step of a close on a sample of payers.
/// </summary>
internal static class BillRunBenchmark
{
    public static readonly string[] Options = ["payers", "subscriptions", "layout", "setup", "setup-parallel", "baseline-seconds", "probe-payers", "full-sync", "json"];

    private const string ProductId = "bench-bill";

    /// <summary>The SIM-to-payer layout of this run (<c>--layout</c>).</summary>
    private static bool Spread { get; set; } = true;
    private const decimal MonthlyFee = 2.50m;

    // Subscriptions start with the month; the run is started on demand 6 hours after it ends (March closed, April in
    // advance), inside the 14 hours the scheduler leaves for late usage, so no scheduled run of March competes with it.
    private static readonly DateTimeOffset ClockStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClockRun = new(2026, 4, 1, 6, 0, 0, TimeSpan.Zero);

    public static async Task<JsonObject> RunAsync(BenchOptions options)
    {
        var payers = options.Int("payers", 1_000);
        var subscriptionCount = options.Int("subscriptions", 10_000);
        var setupMode = options.String("setup") ?? "seed";
        var layout = options.String("layout") ?? "spread";
        var setupParallel = options.Int("setup-parallel", 8, max: 256);
        var baselineSeconds = options.Int("baseline-seconds", 2, max: 60);
        var probePayers = options.Int("probe-payers", 500, min: 0);
        var fullSync = options.Flag("full-sync");
        if (payers > subscriptionCount)
        {
            throw new ArgumentException($"--payers ({payers}) must not exceed --subscriptions ({subscriptionCount}): every payer gets at least one subscription.");
        }

        if (layout is not ("spread" or "block"))
        {
            throw new ArgumentException($"--layout must be spread (SIM i on payer i mod payers) or block (each payer's SIMs consecutive), not '{layout}'.");
        }

        Spread = layout == "spread";
        if (setupMode is not ("seed" or "grains"))
        {
            throw new ArgumentException($"--setup must be seed or grains, not '{setupMode}'.");
        }

        var total = Stopwatch.StartNew();
        var loadAverageStart = MachineInfo.LoadAverage();
        Log($"billrun: payers={payers} subscriptions={subscriptionCount} setup={setupMode} gc={(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

        // The bill-run schedule is off: its minute tick would otherwise bill the period before the timed run does.
        await using var host = await InProcessHost.StartAsync(ClockStart, fullSync, billingSchedule: false);
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var graphql = new GraphQLClient(http);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var catalog = host.Services.GetRequiredService<ProductCatalog>();
        var invoices = host.Services.GetRequiredService<InvoiceStore>();
        var database = host.Services.GetRequiredService<NMcsDatabase>();
        var runner = host.Services.GetRequiredService<BillRunner>();
        var runs = host.Services.GetRequiredService<BillRunStore>();
        Log($"host up at {host.BaseAddress} (data {host.DataDirectory})");

        // --- setup (not timed into the result) -----------------------------------------------------------------
        var setup = Stopwatch.StartNew();
        var created = await graphql.ExecuteAsync($$"""
            mutation { createProduct(input: { id: "{{ProductId}}", name: "Bench M2M flat", currency: "EUR", monthlyFee: {{MonthlyFee.ToString(CultureInfo.InvariantCulture)}}, activationFee: 0,
              usageCharges: [] }) { id version } }
            """);
        var productVersion = created.GetProperty("createProduct").GetProperty("version").GetInt32();
        var done = 0;
        var lastReport = Stopwatch.StartNew();
        void Progress(int step)
        {
            var now = Interlocked.Add(ref done, step);
            lock (lastReport)
            {
                if (lastReport.Elapsed.TotalSeconds >= 10 || now == payers)
                {
                    lastReport.Restart();
                    Log($"  {now}/{payers} payers set up ({now / setup.Elapsed.TotalSeconds:F0}/s)");
                }
            }
        }

        var payerRange = Enumerable.Range(0, payers);
        if (setupMode == "seed")
        {
            // The account grain's state as SimGrain.Activate leaves it (AddSubscription per SIM), written in one storage
            // write per payer before the customer is created; creating the customer then activates the account
            // grain on that state (AccountGrain.Open keeps an existing account of the same customer).
            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(NMcsStorage.Name);
            var monthly = BillingCycle.Parse("monthly").ToString();
            await Parallel.ForEachAsync(payerRange, new ParallelOptions { MaxDegreeOfParallelism = setupParallel }, async (j, _) =>
            {
                var customerId = UsageWorkload.CustomerId(j);
                var accountId = GrainKeys.PayerAccountOf(customerId);
                var state = new AccountState { CustomerId = customerId, Currency = "EUR", TimeZone = "UTC", BillingCycle = monthly };
                foreach (var i in SubscriptionsOf(j, payers, subscriptionCount))
                {
                    var iccid = UsageWorkload.Iccid(i);
                    state.Subscriptions.Add(new SubscriptionInfo($"{iccid}-{ProductId}-{productVersion}", iccid, accountId, ProductId, productVersion, ClockStart));
                }

                await storage.WriteStateAsync("account", grains.GetGrain<IAccountGrain>(accountId).GetGrainId(), new GrainState<AccountState>(state));
                await grains.GetGrain<ICustomerGrain>(customerId).Create($"Bench customer {j}", "EUR", "UTC");
                Progress(1);
            });
        }
        else
        {
            // The public path through the grains: customer, then register, assign and activate each SIM.
            await Parallel.ForEachAsync(payerRange, new ParallelOptions { MaxDegreeOfParallelism = setupParallel }, async (j, _) =>
            {
                var customerId = UsageWorkload.CustomerId(j);
                await grains.GetGrain<ICustomerGrain>(customerId).Create($"Bench customer {j}", "EUR", "UTC");
                foreach (var i in SubscriptionsOf(j, payers, subscriptionCount))
                {
                    var sim = grains.GetGrain<ISimGrain>(UsageWorkload.Iccid(i));
                    await sim.Register(UsageWorkload.Imsi(i), UsageWorkload.Msisdn(i));
                    await sim.Assign(customerId);
                    await sim.Activate(ProductId, productVersion);
                }

                Progress(1);
            });
        }

        await graphql.ExecuteAsync($"mutation {{ advanceClock(to: \"{ClockRun:O}\") {{ now }} }}");
        var setupSeconds = setup.Elapsed.TotalSeconds;
        Log($"setup done in {setupSeconds:F1} s ({subscriptionCount / setupSeconds:F0} subscriptions/s); clock at {ClockRun:O}");

        // --- same-run baseline: the same invoices composed in memory, one thread, no I/O ------------------------------
        var product = (await catalog.VersionsAsync(ProductId)).Find(productVersion)
            ?? throw new InvalidOperationException($"product {ProductId} v{productVersion} is not in the catalog");
        var (baselineRate, baselineMedian, baselinePasses, baselineLines) = Baseline(product, payers, subscriptionCount, baselineSeconds);
        Log($"baseline (InvoiceComposer.Compose of the same invoices, 1 thread): best {baselineRate:F0}, median {baselineMedian:F0} invoices/s over {baselinePasses} passes");

        // --- timed: the bill run ---------------------------------------------------------------------------------
        await WaitIdleAsync(runs);
        var rssBeforeRun = Environment.WorkingSet;
        var loadAverageBeforeRun = MachineInfo.LoadAverage();
        var cpuBeforeRun = Process.GetCurrentProcess().TotalProcessorTime;
        var diskBeforeRun = MachineInfo.DiskWriteBytes();
        var run = Stopwatch.StartNew();
        var record = await StartAllAsync(runner, runs);
        using (var progress = new Timer(_ => Log($"  bill run: {run.Elapsed.TotalSeconds:F0} s"), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)))
        {
            record = await runner.WaitAsync(record.RunId) ?? record;
        }

        var seconds = run.Elapsed.TotalSeconds;
        var runCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBeforeRun).TotalSeconds;
        var runDiskWrites = diskBeforeRun < 0 ? -1 : MachineInfo.DiskWriteBytes() - diskBeforeRun;
        var rssAfterRun = Environment.WorkingSet;
        var rssPeak = Process.GetCurrentProcess().PeakWorkingSet64;
        Log($"bill run {record.RunId} {record.Status}: {record.Invoiced} invoiced, {record.Skipped} skipped, {record.Failed} failed in {seconds:F1} s");
        if (!string.IsNullOrEmpty(record.Report))
        {
            Log("  ! " + record.Report.Split('\n')[0]);
        }

        var issued = await ScalarAsync(database, "SELECT COUNT(*) FROM invoices");
        var lines = await ScalarAsync(database, "SELECT COUNT(*) FROM invoice_lines");
        var billedSegments = await ScalarAsync(database, "SELECT COALESCE(SUM(segment_count), 0) FROM billed_segments");
        var invoicedTotal = await DecimalSumAsync(database);
        var storeBytes = host.StoreBytes();

        // --- exactly once: a second run over the same payers finds every invoice issued ------------------------------
        var again = Stopwatch.StartNew();
        var second = await StartAllAsync(runner, runs);
        second = await runner.WaitAsync(second.RunId) ?? second;
        var secondSeconds = again.Elapsed.TotalSeconds;
        var issuedAfterSecond = await ScalarAsync(database, "SELECT COUNT(*) FROM invoices");
        var highestNumber = await ScalarAsync(database, "SELECT COALESCE(MAX(CAST(SUBSTR(invoice_number, 5) AS INTEGER)), 0) FROM invoices");
        Log($"second run: {issuedAfterSecond - issued} new invoices in {secondSeconds:F1} s; highest invoice number {highestNumber}");

        // --- where a close spends its time: each store step, sequentially, on a sample of payers ----------------------
        var probe = await ProbeAsync(host.Services, grains, invoices, catalog, product, Math.Min(probePayers, payers), payers, subscriptionCount);

        var invoicesPerSecond = issued / seconds;
        var expectedTotal = subscriptionCount * MonthlyFee * 2;
        return new JsonObject
        {
            ["benchmark"] = "billrun",
            ["payers"] = payers,
            ["subscriptions"] = subscriptionCount,
            ["setup"] = setupMode,
            ["layout"] = layout,
            ["seconds"] = Round(seconds, 3),
            ["status"] = record.Status,
            ["invoices_issued"] = issued,
            ["invoices_expected"] = payers,
            ["invoices_per_s"] = Round(invoicesPerSecond, 1),
            ["subscriptions_per_s"] = Round(subscriptionCount / seconds, 1),
            ["run_invoiced"] = record.Invoiced,
            ["run_skipped"] = record.Skipped,
            ["run_failed"] = record.Failed,
            ["lines"] = lines,
            ["billed_segments"] = billedSegments,
            ["invoiced_total_eur"] = invoicedTotal,
            ["expected_total_eur"] = expectedTotal,
            ["exactly_once"] = issued == payers && issuedAfterSecond == issued && highestNumber == issued && second.Failed == 0,
            ["second_run_new_invoices"] = issuedAfterSecond - issued,
            ["second_run_seconds"] = Round(secondSeconds, 3),
            ["highest_invoice_number"] = highestNumber,
            ["baseline"] = "InvoiceComposer.Compose of the same invoices (recurring segments from RecurringChargeCalculator + RecurringChargeDiffer), 1 thread, no I/O",
            ["baseline_invoices_per_s"] = Round(baselineRate, 1),
            ["baseline_median_invoices_per_s"] = Round(baselineMedian, 1),
            ["baseline_lines_per_pass"] = baselineLines,
            ["ratio"] = Round(invoicesPerSecond / baselineRate, 5),
            ["bill_runner_parallelism"] = BillRunner.Parallelism,
            ["run_cpu_seconds"] = Round(runCpuSeconds, 1),
            ["run_cpu_utilization"] = Round(runCpuSeconds / (seconds * Environment.ProcessorCount), 3),
            ["run_disk_write_mb"] = Round(runDiskWrites < 0 ? double.NaN : Mb(runDiskWrites), 1),
            ["ms_per_payer"] = Round(seconds * 1000 / payers, 3),
            ["probe"] = probe,
            ["rss_mb"] = Round(Mb(rssAfterRun), 1),
            ["rss_before_run_mb"] = Round(Mb(rssBeforeRun), 1),
            ["rss_peak_mb"] = Round(Mb(rssPeak), 1),
            ["store_mb"] = Round(Mb(storeBytes), 1),
            ["setup_seconds"] = Round(setupSeconds, 1),
            ["total_seconds"] = Round(total.Elapsed.TotalSeconds, 1),
            ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            ["full_sync"] = fullSync,
            ["loadavg_start"] = loadAverageStart,
            ["loadavg_before_run"] = loadAverageBeforeRun,
            ["machine"] = MachineInfo.Describe(),
        };
    }

    public static void PrintSummary(JsonObject r)
    {
        var o = Console.Out;
        o.WriteLine($"N-MCS bill run benchmark ({r["machine"]?["cpu"]}, {r["machine"]?["cores"]} cores, {r["machine"]?["runtime"]}, {r["gc"]} GC; load average {r["loadavg_start"]} at start, {r["machine"]?["loadavg_end"]} at end)");
        o.WriteLine($"  fleet        {r["subscriptions"]} subscriptions on {r["payers"]} payers, layout {r["layout"]} (setup '{r["setup"]}' in {r["setup_seconds"]} s)");
        o.WriteLine($"  bill run     {r["status"]}: {r["invoices_issued"]} invoices ({r["lines"]} lines) in {r["seconds"]} s = {r["invoices_per_s"]} invoices/s, {r["ms_per_payer"]} ms per payer");
        o.WriteLine($"  check        exactly once: {r["exactly_once"]} (second run: {r["second_run_new_invoices"]} new in {r["second_run_seconds"]} s); total {r["invoiced_total_eur"]} EUR, expected {r["expected_total_eur"]}");
        o.WriteLine($"  baseline     {r["baseline_invoices_per_s"]} invoices/s composed in memory -> ratio {r["ratio"]}");
        o.WriteLine($"  cpu          {r["run_cpu_seconds"]} CPU-s = {r["run_cpu_utilization"]} of all cores; {r["run_disk_write_mb"]} MB written");
        o.WriteLine($"  probe        {r["probe"]?.ToJsonString()}");
        o.WriteLine($"  memory       working set {r["rss_mb"]} MB after the run (peak {r["rss_peak_mb"]} MB); store {r["store_mb"]} MB");
    }

    /// <summary>
    /// <c>startBillRun(all: true)</c>, once no other run is going: the scheduler's minute tick may be running the
    /// previous (empty) period of the monthly group, and an overlapping run is refused.
    /// </summary>
    private static async Task<BillRunRecord> StartAllAsync(BillRunner runner, BillRunStore runs)
    {
        for (var attempt = 0; ; attempt++)
        {
            await WaitIdleAsync(runs);
            try
            {
                return await runner.StartAsync(null, null, all: true);
            }
            catch (DomainException e) when (e.Code == "BILL_RUN_IN_PROGRESS" && attempt < 100)
            {
                Log($"  another bill run is in progress ({e.Message}); waiting");
            }
        }
    }

    private static async Task WaitIdleAsync(BillRunStore runs)
    {
        while ((await runs.RunningAsync()).Count > 0)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Subscriptions of payer <paramref name="j"/>: with <see cref="Spread"/> SIM i belongs to payer i mod payers (a
    /// payer's SIMs far apart in ICCID order, as SIMs bought over time), else each payer has a run of consecutive SIMs.
    /// </summary>
    private static IEnumerable<int> SubscriptionsOf(int j, int payers, int subscriptions)
    {
        if (Spread)
        {
            for (var i = j; i < subscriptions; i += payers)
            {
                yield return i;
            }

            yield break;
        }

        var from = (int)(((long)j * subscriptions + payers - 1) / payers);
        var to = (int)((((long)j + 1) * subscriptions + payers - 1) / payers);
        for (var i = from; i < to; i++)
        {
            yield return i;
        }
    }

    /// <summary>
    /// The invoices of the run composed in memory as the billing-period grain does for this workload (one active
    /// interval from the activation day, nothing billed before, no usage, no tax), repeated for at least
    /// <paramref name="minSeconds"/> (at least 3 passes, at most 1,000,000 invoices per pass, sampled evenly).
    /// </summary>
    private static (double Best, double Median, int Passes, long Lines) Baseline(ProductOffering product, int payers, int subscriptions, int minSeconds)
    {
        var cycle = BillingCycle.Parse("monthly");
        var period = cycle.Previous(cycle.Containing(ClockRun, "UTC"));
        var currency = product.Currency;
        var startDay = NodaTime.LocalDate.FromDateTime(ClockStart.UtcDateTime);
        var timeline = new[] { new ServiceInterval(startDay, null, ServiceStatus.Active, product.Name, product.RecurringCharges) };
        var rates = new List<double>();
        long lines = 0;
        var watch = Stopwatch.StartNew();
        while (rates.Count < 3 || watch.Elapsed.TotalSeconds < minSeconds)
        {
            var pass = Stopwatch.StartNew();
            lines = 0;
            for (var j = 0; j < payers; j++)
            {
                var accountId = GrainKeys.PayerAccountOf(UsageWorkload.CustomerId(j));
                var billable = new List<BillableSubscription>();
                foreach (var i in SubscriptionsOf(j, payers, subscriptions))
                {
                    var due = RecurringChargeCalculator.ForInvoice(timeline, cycle, period, startDay, currency);
                    var corrections = RecurringChargeDiffer.Corrections(due, [], currency);
                    billable.Add(new BillableSubscription(UsageWorkload.Iccid(i), product.Name, currency, corrections, [], 1, product.Discounts, product.Commitments, product.Caps, accountId));
                }

                lines += InvoiceComposer.Compose(currency, period, billable, [], [], [], accountId).Lines.Count;
            }

            rates.Add(payers / pass.Elapsed.TotalSeconds);
            if (rates.Count >= 100)
            {
                break;
            }
        }

        return (rates.Max(), Median(rates), rates.Count, lines);
    }

    /// <summary>
    /// Each store step of a close, timed one after another on <paramref name="sample"/> payers spread over the run
    /// (after it, so the grains are warm and the reads find the issued data): what the billing-period grain reads and
    /// writes per payer, and one issue transaction of the same draft under a probe period key.
    /// </summary>
    private static async Task<JsonObject> ProbeAsync(IServiceProvider services, IGrainFactory grains, InvoiceStore invoices, ProductCatalog catalog, ProductOffering product, int sample, int payers, int subscriptions)
    {
        var steps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string step, long started) => (steps.TryGetValue(step, out var list) ? list : steps[step] = []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        if (sample == 0)
        {
            return new JsonObject();
        }

        var ledger = services.GetRequiredService<UsageLedger>();
        var storage = services.GetRequiredKeyedService<IGrainStorage>(NMcsStorage.Name);
        var cycle = BillingCycle.Parse("monthly");
        var period = cycle.Previous(cycle.Containing(ClockRun, "UTC"));
        var startDay = NodaTime.LocalDate.FromDateTime(ClockStart.UtcDateTime);
        var timeline = new[] { new ServiceInterval(startDay, null, ServiceStatus.Active, product.Name, product.RecurringCharges) };
        for (var k = 0; k < sample; k++)
        {
            var j = (int)((long)k * payers / sample);
            var accountId = GrainKeys.PayerAccountOf(UsageWorkload.CustomerId(j));
            var t = Stopwatch.GetTimestamp();
            var account = await grains.GetGrain<IAccountGrain>(accountId).GetInfo() ?? throw new InvalidOperationException($"account {accountId} is missing");
            Add("account_get_info_ms", t);

            t = Stopwatch.GetTimestamp();
            await invoices.FindAsync(accountId, period.Key);
            Add("invoice_find_ms", t);

            t = Stopwatch.GetTimestamp();
            await invoices.BilledSegmentsAsync(accountId, account.Subscriptions.Select(s => s.Id).ToList());
            Add("billed_segments_ms", t);

            t = Stopwatch.GetTimestamp();
            foreach (var subscription in account.Subscriptions)
            {
                await catalog.VersionsAsync(subscription.ProductId);
            }

            Add("catalog_versions_ms", t);

            t = Stopwatch.GetTimestamp();
            await ledger.UnbilledAsync(accountId);
            Add("unbilled_usage_ms", t);

            t = Stopwatch.GetTimestamp();
            var billable = new List<BillableSubscription>();
            var segments = new List<(string, RecurringChargeSegment)>();
            foreach (var subscription in account.Subscriptions)
            {
                var corrections = RecurringChargeDiffer.Corrections(RecurringChargeCalculator.ForInvoice(timeline, cycle, period, startDay, product.Currency), [], product.Currency);
                segments.AddRange(corrections.Select(c => (subscription.Id, c)));
                billable.Add(new BillableSubscription(subscription.Iccid, product.Name, product.Currency, corrections, [], 1, product.Discounts, product.Commitments, product.Caps, accountId));
            }

            var draft = InvoiceComposer.Compose(product.Currency, period, billable, [], [], [], accountId);
            Add("compose_ms", t);

            // The issue transaction under a period key no run uses (the probe's invoices come after all checks).
            t = Stopwatch.GetTimestamp();
            await invoices.IssueAsync(accountId, "probe-" + k.ToString(CultureInfo.InvariantCulture), draft, [], ClockRun, segments);
            Add("issue_transaction_ms", t);
        }

        var result = new JsonObject { ["payers"] = sample, ["subscriptions_per_payer"] = Math.Round((double)subscriptions / payers, 1) };
        double sum = 0;
        foreach (var (step, values) in steps)
        {
            var mean = values.Average();
            sum += mean;
            result[step] = Round(mean, 3);
        }

        result["sum_ms"] = Round(sum, 3);
        return result;
    }

    private static async Task<long> ScalarAsync(NMcsDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Sum of the issued invoices' totals (stored as decimal text), exactly.</summary>
    private static async Task<decimal> DecimalSumAsync(NMcsDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, "SELECT total FROM invoices");
        await using var reader = await command.ExecuteReaderAsync();
        var sum = 0m;
        while (await reader.ReadAsync())
        {
            sum += decimal.Parse(reader.GetString(0), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        }

        return sum;
    }
}
