namespace NMcs.Simulators.Hss;

/// <summary>Thread-safe HSS subscriber table keyed by MSISDN with a unique IMSI index.</summary>
internal sealed class HssSubscriberTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HssSubscriber> _byMsisdn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _msisdnByImsi = new(StringComparer.Ordinal);

    /// <summary>Copies the table, ordered by MSISDN.</summary>
    /// <returns>The subscribers at this instant.</returns>
    public IReadOnlyList<HssSubscriber> Snapshot()
    {
        lock (_gate)
        {
            return [.. _byMsisdn.Values.OrderBy(s => s.Msisdn, StringComparer.Ordinal)];
        }
    }

    /// <summary>Adds a subscriber unless its MSISDN or IMSI is taken.</summary>
    /// <param name="subscriber">The new row.</param>
    /// <returns>The result.</returns>
    public HssTableResult Create(HssSubscriber subscriber)
    {
        lock (_gate)
        {
            if (_byMsisdn.ContainsKey(subscriber.Msisdn))
            {
                return HssTableResult.MsisdnExists;
            }

            if (_msisdnByImsi.ContainsKey(subscriber.Imsi))
            {
                return HssTableResult.ImsiExists;
            }

            _byMsisdn.Add(subscriber.Msisdn, subscriber);
            _msisdnByImsi.Add(subscriber.Imsi, subscriber.Msisdn);
            return HssTableResult.Success;
        }
    }

    /// <summary>Looks a subscriber up by MSISDN.</summary>
    /// <param name="msisdn">The MSISDN.</param>
    /// <returns>The row, or null.</returns>
    public HssSubscriber? Find(string msisdn)
    {
        lock (_gate)
        {
            return _byMsisdn.GetValueOrDefault(msisdn);
        }
    }

    /// <summary>Applies the given fields to one subscriber atomically (MSISDN never changes).</summary>
    /// <param name="msisdn">The MSISDN.</param>
    /// <param name="changes">Fields to replace; an empty APN removes it.</param>
    /// <param name="updated">The row after the change.</param>
    /// <returns>The result.</returns>
    public HssTableResult Modify(string msisdn, HssChanges changes, out HssSubscriber? updated)
    {
        lock (_gate)
        {
            updated = null;
            if (!_byMsisdn.TryGetValue(msisdn, out var current))
            {
                return HssTableResult.NoSuchSubscriber;
            }

            if (changes.Imsi is { } imsi && imsi != current.Imsi)
            {
                if (_msisdnByImsi.ContainsKey(imsi))
                {
                    return HssTableResult.ImsiExists;
                }

                _msisdnByImsi.Remove(current.Imsi);
                _msisdnByImsi.Add(imsi, msisdn);
            }

            updated = current with
            {
                Imsi = changes.Imsi ?? current.Imsi,
                Profile = changes.Profile ?? current.Profile,
                Barred = changes.Barred ?? current.Barred,
                Apn = changes.Apn is null ? current.Apn : changes.Apn.Length == 0 ? null : changes.Apn,
            };
            _byMsisdn[msisdn] = updated;
            return HssTableResult.Success;
        }
    }

    /// <summary>Removes a subscriber.</summary>
    /// <param name="msisdn">The MSISDN.</param>
    /// <returns>The result.</returns>
    public HssTableResult Delete(string msisdn)
    {
        lock (_gate)
        {
            if (!_byMsisdn.Remove(msisdn, out var removed))
            {
                return HssTableResult.NoSuchSubscriber;
            }

            _msisdnByImsi.Remove(removed.Imsi);
            return HssTableResult.Success;
        }
    }
}
