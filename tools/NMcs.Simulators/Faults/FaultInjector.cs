namespace NMcs.Simulators.Faults;

/// <summary>Holds the active fault (at most one) and decides, per request, whether it applies.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private Fault? _fault;
    private int _remaining;
    private Random _random = new(0);

    /// <summary>Replaces the active fault.</summary>
    /// <param name="fault">The fault to arm.</param>
    public void Inject(Fault fault)
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

        if (fault.DelayMilliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "delay must not be negative");
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

    /// <summary>Consumes one request: returns the fault to apply to it, or null.</summary>
    /// <returns>The fault, or null when the request runs normally.</returns>
    public Fault? Next()
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

    /// <summary>
    /// 16 to 48 random printable ASCII bytes without <c>;</c>, <c>&lt;</c> and <c>=</c> (and so without line breaks),
    /// so that no parser of the simulators' protocols (HLR text, SPML, <c>KEY=VALUE</c> frames) can take them for an answer.
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] Garbage()
    {
        lock (_gate)
        {
            var bytes = new byte[_random.Next(16, 49)];
            for (var i = 0; i < bytes.Length; i++)
            {
                byte b;
                do
                {
                    b = (byte)_random.Next(33, 127);
                }
                while (b is (byte)';' or (byte)'<' or (byte)'=');

                bytes[i] = b;
            }

            return bytes;
        }
    }
}
