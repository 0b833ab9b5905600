namespace NMcs.Abstractions.Grains;

/// <summary>
/// Schedules bill runs with an Orleans reminder (one instance, key "scheduler"): on every tick it starts a run for
/// each cycle group whose last ended period has not been run yet.
/// </summary>
[Alias("nmcs.IBillingSchedulerGrain")]
public interface IBillingSchedulerGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder (idempotent); called at start-up.</summary>
    [Alias("Ensure")]
    Task Ensure();

    /// <summary>Does what a reminder tick does now; returns the ids of the runs started.</summary>
    [Alias("Tick")]
    Task<IReadOnlyList<string>> Tick();
}
