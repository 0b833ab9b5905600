namespace NMcs.Simulators.Hlr;

/// <summary>Thread-safe subscriber table keyed by MSISDN with a unique IMSI index.</summary>
internal sealed class HlrSubscriberTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HlrSubscriber> _byMsisdn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _msisdnByImsi = new(StringComparer.Ordinal);

    /// <summary>Number of subscribers.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byMsisdn.Count;
            }
        }
    }

    /// <summary>Copies the table, ordered by MSISDN.</summary>
    /// <returns>The subscribers at this instant.</returns>
    public IReadOnlyList<HlrSubscriber> Snapshot()
    {
        lock (_gate)
        {
            return [.. _byMsisdn.Values.OrderBy(s => s.Msisdn, StringComparer.Ordinal)];
        }
    }

    /// <summary>Adds a subscriber unless its MSISDN or IMSI is taken.</summary>
    /// <param name="subscriber">The new row.</param>
    /// <returns>A <see cref="HlrResultCode"/> value.</returns>
    public int Create(HlrSubscriber subscriber)
    {
        lock (_gate)
        {
            if (_byMsisdn.ContainsKey(subscriber.Msisdn))
            {
                return HlrResultCode.MsisdnExists;
            }

            if (_msisdnByImsi.ContainsKey(subscriber.Imsi))
            {
                return HlrResultCode.ImsiExists;
            }

            _byMsisdn.Add(subscriber.Msisdn, subscriber);
            _msisdnByImsi.Add(subscriber.Imsi, subscriber.Msisdn);
            return HlrResultCode.Success;
        }
    }

    /// <summary>Looks a subscriber up by MSISDN.</summary>
    /// <param name="msisdn">The MSISDN.</param>
    /// <returns>The row, or null.</returns>
    public HlrSubscriber? Find(string msisdn)
    {
        lock (_gate)
        {
            return _byMsisdn.GetValueOrDefault(msisdn);
        }
    }

    /// <summary>Changes IMSI (SIM swap), profile and/or status of one subscriber atomically.</summary>
    /// <param name="msisdn">The MSISDN, which never changes.</param>
    /// <param name="imsi">New IMSI, or null to keep.</param>
    /// <param name="profile">New profile, or null to keep.</param>
    /// <param name="status">New status, or null to keep.</param>
    /// <returns>A <see cref="HlrResultCode"/> value.</returns>
    public int Modify(string msisdn, string? imsi, int? profile, HlrSubscriberStatus? status)
    {
        lock (_gate)
        {
            if (!_byMsisdn.TryGetValue(msisdn, out var current))
            {
                return HlrResultCode.UnknownSubscriber;
            }

            if (imsi is not null && imsi != current.Imsi)
            {
                if (_msisdnByImsi.ContainsKey(imsi))
                {
                    return HlrResultCode.ImsiExists;
                }

                _msisdnByImsi.Remove(current.Imsi);
                _msisdnByImsi.Add(imsi, msisdn);
            }

            _byMsisdn[msisdn] = current with
            {
                Imsi = imsi ?? current.Imsi,
                Profile = profile ?? current.Profile,
                Status = status ?? current.Status,
            };
            return HlrResultCode.Success;
        }
    }

    /// <summary>Removes a subscriber.</summary>
    /// <param name="msisdn">The MSISDN.</param>
    /// <returns>A <see cref="HlrResultCode"/> value.</returns>
    public int Delete(string msisdn)
    {
        lock (_gate)
        {
            if (!_byMsisdn.Remove(msisdn, out var removed))
            {
                return HlrResultCode.UnknownSubscriber;
            }

            _msisdnByImsi.Remove(removed.Imsi);
            return HlrResultCode.Success;
        }
    }
}
