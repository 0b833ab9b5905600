using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Grains;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains.BillRuns;

/// <summary>
/// The bill-run schedule. A durable Orleans reminder ticks every <see cref="TickPeriod"/>; each tick looks at every
/// cycle group and, when the group's last ended period has not been run by the schedule yet, starts a bill run for
/// the group. Which period each group was last run for is grain state, so a restart neither skips nor repeats a run
/// (and a repeated run would only find the invoices already issued).
/// </summary>
public sealed class BillingSchedulerGrain(
    [PersistentState("billingScheduler", NMcsStorage.Name)] IPersistentState<BillingScheduleState> state,
    CustomerDirectory directory,
    BillRunner runner,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, IBillingSchedulerGrain, IRemindable
{
    /// <summary>Reminder name.</summary>
    public const string ReminderName = "bill-runs";

    /// <summary>How often the schedule is checked (Orleans reminders tick at most once a minute).</summary>
    public static readonly TimeSpan TickPeriod = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public async Task Ensure() => await this.RegisterOrUpdateReminder(ReminderName, TickPeriod, TickPeriod);

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status) => await Tick();

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> Tick()
    {
        var now = clock.GetUtcNow();
        var started = new List<string>();
        foreach (var group in await directory.BillingCyclesAsync())
        {
            // The period that ended last, cut in UTC for the group key; each payer's run uses its own time zone.
            var cycle = BillingCycle.Parse(group);
            var due = cycle.Previous(cycle.Containing(now.AddHours(-14), "UTC")).Key;
            if (state.State.LastRun.TryGetValue(group, out var last) && string.CompareOrdinal(last, due) >= 0)
            {
                continue;
            }

            try
            {
                var run = await runner.StartAsync(null, group, false);
                started.Add(run.RunId);
                state.State.LastRun[group] = due;
                await state.WriteStateAsync();
            }
            catch (DomainException e) when (e.Code == "BILL_RUN_IN_PROGRESS")
            {
                // Another run covers the group right now; the next tick tries again.
            }
        }

        return started;
    }
}

/// <summary>State of the bill-run schedule.</summary>
[GenerateSerializer, Alias("nmcs.BillingScheduleState")]
public sealed class BillingScheduleState
{
    /// <summary>Per cycle group, the key of the last period the schedule started a run for.</summary>
    [Id(0)] public Dictionary<string, string> LastRun { get; set; } = new(StringComparer.Ordinal);
}
