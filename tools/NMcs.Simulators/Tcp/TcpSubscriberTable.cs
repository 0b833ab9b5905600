namespace NMcs.Simulators.Tcp;

/// <summary>Thread-safe PGW/AAA subscriber table keyed by MSISDN, with unique IMSI and unique (APN, IP) indexes.</summary>
internal sealed class TcpSubscriberTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TcpSubscriber> _byMsisdn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _msisdnByImsi = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Apn, string Ip), string> _msisdnByIp = [];

    /// <summary>Copies the table, ordered by MSISDN.</summary>
    /// <returns>The subscribers at this instant.</returns>
    public IReadOnlyList<TcpSubscriber> Snapshot()
    {
        lock (_gate)
        {
            return [.. _byMsisdn.Values.OrderBy(s => s.Msisdn, StringComparer.Ordinal)];
        }
    }

    /// <summary>Looks a subscriber up by MSISDN.</summary>
    /// <param name="msisdn">The MSISDN.</param>
    /// <returns>The row, or null.</returns>
    public TcpSubscriber? Find(string msisdn)
    {
        lock (_gate)
        {
            return _byMsisdn.GetValueOrDefault(msisdn);
        }
    }

    /// <summary>Adds a subscriber unless its MSISDN, IMSI or (APN, IP) is taken.</summary>
    /// <param name="subscriber">The new row.</param>
    /// <returns>A <see cref="TcpResultCode"/> value.</returns>
    public int Create(TcpSubscriber subscriber)
    {
        lock (_gate)
        {
            if (_byMsisdn.ContainsKey(subscriber.Msisdn))
            {
                return TcpResultCode.MsisdnExists;
            }

            if (_msisdnByImsi.ContainsKey(subscriber.Imsi))
            {
                return TcpResultCode.ImsiExists;
            }

            if (subscriber.Ip is { } ip && _msisdnByIp.ContainsKey((subscriber.Apn, ip)))
            {
                return TcpResultCode.IpInUse;
            }

            Index(subscriber);
            return TcpResultCode.Success;
        }
    }

    /// <summary>Changes the given fields of one subscriber atomically.</summary>
    /// <param name="msisdn">The MSISDN, which never changes.</param>
    /// <param name="imsi">New IMSI (SIM swap), or null to keep.</param>
    /// <param name="apn">New APN, or null to keep.</param>
    /// <param name="ip">New IP, empty to remove, or null to keep.</param>
    /// <param name="barred">New barring, or null to keep.</param>
    /// <returns>A <see cref="TcpResultCode"/> value.</returns>
    public int Modify(string msisdn, string? imsi, string? apn, string? ip, bool? barred)
    {
        lock (_gate)
        {
            if (!_byMsisdn.TryGetValue(msisdn, out var current))
            {
                return TcpResultCode.UnknownSubscriber;
            }

            var updated = current with
            {
                Imsi = imsi ?? current.Imsi,
                Apn = apn ?? current.Apn,
                Ip = ip is null ? current.Ip : ip.Length == 0 ? null : ip,
                Barred = barred ?? current.Barred,
            };
            if (updated.Imsi != current.Imsi && _msisdnByImsi.ContainsKey(updated.Imsi))
            {
                return TcpResultCode.ImsiExists;
            }

            if (updated.Ip is { } newIp && _msisdnByIp.TryGetValue((updated.Apn, newIp), out var holder) && holder != msisdn)
            {
                return TcpResultCode.IpInUse;
            }

            Unindex(current);
            Index(updated);
            return TcpResultCode.Success;
        }
    }

    /// <summary>Removes a subscriber.</summary>
    /// <param name="msisdn">The MSISDN.</param>
    /// <returns>A <see cref="TcpResultCode"/> value.</returns>
    public int Delete(string msisdn)
    {
        lock (_gate)
        {
            if (!_byMsisdn.TryGetValue(msisdn, out var current))
            {
                return TcpResultCode.UnknownSubscriber;
            }

            Unindex(current);
            return TcpResultCode.Success;
        }
    }

    private void Index(TcpSubscriber subscriber)
    {
        _byMsisdn[subscriber.Msisdn] = subscriber;
        _msisdnByImsi[subscriber.Imsi] = subscriber.Msisdn;
        if (subscriber.Ip is { } ip)
        {
            _msisdnByIp[(subscriber.Apn, ip)] = subscriber.Msisdn;
        }
    }

    private void Unindex(TcpSubscriber subscriber)
    {
        _byMsisdn.Remove(subscriber.Msisdn);
        _msisdnByImsi.Remove(subscriber.Imsi);
        if (subscriber.Ip is { } ip)
        {
            _msisdnByIp.Remove((subscriber.Apn, ip));
        }
    }
}
