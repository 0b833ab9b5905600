namespace NMcs.Grains;

/// <summary>
/// The clock business code runs on, registered as a keyed <see cref="TimeProvider"/> so that a test clock moves
/// billing time without touching the time Orleans itself schedules with.
/// </summary>
public static class PlatformClock
{
    /// <summary>Service key of the platform <see cref="TimeProvider"/>.</summary>
    public const string Key = "nmcs";
}
