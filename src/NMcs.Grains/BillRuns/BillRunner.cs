using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NMcs.Abstractions;
using NMcs.Abstractions.Grains;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains.BillRuns;

/// <summary>
/// Bill runs over many payers: for each payer in scope, the last billing period of its cycle that has ended is closed
/// into its invoice by the payer's billing-period grain. Progress is stored as the run goes; a run killed half-way
/// is picked up again at start-up (<see cref="ResumeAsync"/>) and simply goes over its payers again: closing a period
/// that already has its invoice returns that invoice, so every invoice is issued exactly once.
/// </summary>
public sealed class BillRunner(
    BillRunStore runs,
    CustomerDirectory directory,
    IGrainFactory grains,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock,
    ILogger<BillRunner> logger)
{
    /// <summary>Payers billed at the same time.</summary>
    public const int Parallelism = 32;

    private const int ProgressEvery = 200;
    private readonly ConcurrentDictionary<string, Task<BillRunRecord>> _active = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts a run for one payer, a cycle group (every payer on <paramref name="billingCycle"/>) or all payers,
    /// refusing an unknown payer, a child account, an unknown cycle text and a run that overlaps one still running.
    /// </summary>
    public async Task<BillRunRecord> StartAsync(string? payerAccountId, string? billingCycle, bool all, CancellationToken cancellationToken = default)
    {
        var given = (payerAccountId is null ? 0 : 1) + (billingCycle is null ? 0 : 1) + (all ? 1 : 0);
        if (given != 1)
        {
            throw new DomainException("INVALID_SCOPE", "payerAccountId", "give exactly one of payerAccountId (one payer), billingCycle (a cycle group, e.g. monthly) or all: true.");
        }

        BillRunScope scope;
        if (payerAccountId is not null)
        {
            var account = await grains.GetGrain<IAccountGrain>(payerAccountId).GetInfo()
                ?? throw new DomainException("UNKNOWN_ACCOUNT", "payerAccountId", $"payerAccountId '{payerAccountId}' does not exist; bill runs are for existing payer accounts.");
            if (!account.IsPayer)
            {
                throw new DomainException("NOT_A_PAYER", "payerAccountId", $"account {payerAccountId} is paid by {account.PayerAccountId}; run billing for the payer.");
            }

            scope = new BillRunScope("payer", account.BillingCycle, payerAccountId);
        }
        else if (billingCycle is not null)
        {
            scope = new BillRunScope("cycle", BillingCycle.Parse(billingCycle, "billingCycle").ToString(), null);
        }
        else
        {
            scope = BillRunScope.All;
        }

        var payers = await PayersAsync(scope, cancellationToken);
        var record = await runs.StartAsync(scope, payers.Count, clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Bill run {Run} started for {Scope}: {Payers} payers", record.RunId, record.Scope, payers.Count);
        Launch(record, payers);
        return record;
    }

    /// <summary>Waits for a run started on this silo to finish and returns its final record.</summary>
    public async Task<BillRunRecord?> WaitAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (_active.TryGetValue(runId, out var task))
        {
            await task.WaitAsync(cancellationToken);
        }

        return await runs.FindAsync(runId, cancellationToken);
    }

    /// <summary>Continues every run still marked running (a host killed during a run); returns how many.</summary>
    public async Task<int> ResumeAsync(CancellationToken cancellationToken = default)
    {
        var running = await runs.RunningAsync(cancellationToken);
        foreach (var record in running.Where(r => !_active.ContainsKey(r.RunId)))
        {
            var payers = await PayersAsync(BillRunScope.Parse(record.Scope), cancellationToken);
            logger.LogWarning("Bill run {Run} ({Scope}) was interrupted; resuming over {Payers} payers", record.RunId, record.Scope, payers.Count);
            Launch(record, payers);
        }

        return running.Count;
    }

    private async Task<IReadOnlyList<PayerEntry>> PayersAsync(BillRunScope scope, CancellationToken cancellationToken)
    {
        if (scope.Kind == "payer")
        {
            var found = await directory.PayersAsync(null, scope.PayerAccountId, cancellationToken);
            return found.Count > 0 ? found : [new PayerEntry(scope.PayerAccountId!, string.Empty, scope.BillingCycle ?? "monthly", "UTC", DateTimeOffset.MinValue)];
        }

        return await directory.PayersAsync(scope.Kind == "cycle" ? scope.BillingCycle : null, null, cancellationToken);
    }

    private void Launch(BillRunRecord record, IReadOnlyList<PayerEntry> payers) =>
        _active[record.RunId] = Task.Run(async () =>
        {
            try
            {
                return await ExecuteAsync(record, payers);
            }
            finally
            {
                _active.TryRemove(record.RunId, out _);
            }
        });

    private async Task<BillRunRecord> ExecuteAsync(BillRunRecord record, IReadOnlyList<PayerEntry> payers)
    {
        int invoiced = 0, skipped = 0, failed = 0, done = 0;
        var failures = new ConcurrentQueue<string>();
        var now = clock.GetUtcNow();
        var progress = Task.CompletedTask;
        var progressGate = new Lock();
        await Parallel.ForEachAsync(payers, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (payer, ct) =>
        {
            try
            {
                // The last period of the payer's cycle that has ended by now.
                var cycle = BillingCycle.Parse(payer.BillingCycle);
                var period = cycle.Previous(cycle.Containing(now, payer.TimeZone));
                if (payer.CreatedAt >= period.EndUtc)
                {
                    Interlocked.Increment(ref skipped);
                }
                else
                {
                    await grains.GetGrain<IBillingPeriodGrain>(GrainKeys.BillingPeriod(payer.AccountId, period.Key)).Close();
                    Interlocked.Increment(ref invoiced);
                }
            }
#pragma warning disable CA1031 // One payer's failure is recorded and the run goes on with the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref failed);
                failures.Enqueue($"{payer.AccountId}: {e.Message}");
                logger.LogError(e, "Bill run {Run}: payer {Payer} failed", record.RunId, payer.AccountId);
            }

            // Progress is written beside the run, at most one write at a time: a payer never waits for it (the
            // write queues behind the invoices' write transactions), and a progress write that fails loses nothing
            // but the figures shown until the next one.
            if (Interlocked.Increment(ref done) % ProgressEvery == 0)
            {
                lock (progressGate)
                {
                    if (progress.IsCompleted)
                    {
                        var (i, s, f, report) = (Volatile.Read(ref invoiced), Volatile.Read(ref skipped), Volatile.Read(ref failed), Report(failures));
                        progress = Task.Run(() => WriteProgressAsync(record.RunId, i, s, f, report), CancellationToken.None);
                    }
                }
            }
        });

        await progress;

        var status = failed == 0 ? "completed" : "completedWithErrors";
        var finished = clock.GetUtcNow();
        await runs.UpdateAsync(record.RunId, status, invoiced, skipped, failed, Report(failures), finished);
        NMcsMetrics.BillRunsCompleted.Inc();
        logger.LogInformation("Bill run {Run} {Status}: {Invoiced} invoiced, {Skipped} skipped, {Failed} failed", record.RunId, status, invoiced, skipped, failed);
        return record with { Status = status, FinishedAt = finished, Invoiced = invoiced, Skipped = skipped, Failed = failed, Report = Report(failures) };
    }

    private async Task WriteProgressAsync(string runId, int invoiced, int skipped, int failed, string report)
    {
        try
        {
            await runs.UpdateAsync(runId, "running", invoiced, skipped, failed, report, null);
        }
#pragma warning disable CA1031 // Progress figures are informative; the run and its final record go on regardless.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Bill run {Run}: progress not recorded", runId);
        }
    }

    private static string Report(ConcurrentQueue<string> failures) => string.Join('\n', failures.Take(100));
}
