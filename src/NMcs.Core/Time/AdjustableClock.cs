namespace NMcs.Time;

/// <summary>
/// A clock that stands still until told to move: the test clock behind tests, demos and the scenario runner.
/// Enabled only by configuration; production uses <see cref="TimeProvider.System"/>. It never moves backwards,
/// because billing periods that closed must stay closed.
/// </summary>
public sealed class AdjustableClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start.ToUniversalTime();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>; returns the new time.</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new DomainException("CLOCK_BACKWARDS", "seconds", "the test clock only moves forward; give a positive number of seconds.");
        }

        lock (_gate)
        {
            _now += by;
            return _now;
        }
    }

    /// <summary>Moves the clock to <paramref name="to"/>, which must not be earlier than now; returns the new time.</summary>
    public DateTimeOffset Set(DateTimeOffset to)
    {
        lock (_gate)
        {
            if (to < _now)
            {
                throw new DomainException("CLOCK_BACKWARDS", "to", $"to {to:O} is before the test clock's current time {_now:O}; the clock only moves forward.");
            }

            _now = to.ToUniversalTime();
            return _now;
        }
    }
}
