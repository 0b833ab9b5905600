using System.Text;

namespace NMcs.Simulators.Hlr;

/// <summary>Holds the active fault (at most one) and decides, per command, whether it applies.</summary>
internal sealed class HlrFaultInjector
{
    private readonly Lock _gate = new();
    private HlrFault? _fault;
    private int _remaining;
    private Random _random = new(0);

    /// <summary>Replaces the active fault.</summary>
    /// <param name="fault">The fault to arm.</param>
    public void Inject(HlrFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Probability is { } p && (p <= 0 || p > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "probability must be in (0, 1]");
        }

        if (fault.Probability is null && fault.Count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "count must be at least 1");
        }

        lock (_gate)
        {
            _fault = fault;
            _remaining = fault.Count;
            _random = new Random(fault.Seed);
        }
    }

    /// <summary>Disarms any fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _fault = null;
        }
    }

    /// <summary>Consumes one command: returns the fault to apply to it, or null.</summary>
    /// <returns>The fault, or null when the command runs normally.</returns>
    public HlrFault? Next()
    {
        lock (_gate)
        {
            if (_fault is null)
            {
                return null;
            }

            if (_fault.Probability is { } p)
            {
                return _random.NextDouble() < p ? _fault : null;
            }

            var hit = _fault;
            if (--_remaining <= 0)
            {
                _fault = null;
            }

            return hit;
        }
    }

    /// <summary>Random printable text without <c>;</c>, so a client cannot mistake it for a reply.</summary>
    /// <returns>The text.</returns>
    public string Garbage()
    {
        lock (_gate)
        {
            var length = _random.Next(16, 49);
            var text = new StringBuilder(length);
            while (text.Length < length)
            {
                var c = (char)_random.Next(33, 127);
                if (c != ';')
                {
                    text.Append(c);
                }
            }

            return text.ToString();
        }
    }
}
