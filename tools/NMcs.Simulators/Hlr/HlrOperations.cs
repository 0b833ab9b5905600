namespace NMcs.Simulators.Hlr;

/// <summary>Subscriber operations on parsed parameters (MSISDN, IMSI, PROFILE, STATUS), shared by both dialects.</summary>
/// <param name="table">The subscriber table.</param>
internal sealed class HlrOperations(HlrSubscriberTable table)
{
    private const string Msisdn = "MSISDN";
    private const string Imsi = "IMSI";
    private const string Profile = "PROFILE";
    private const string Status = "STATUS";

    /// <summary>Adds a subscriber; status starts ACTIVE unless STATUS is given.</summary>
    /// <param name="map">Parameters.</param>
    /// <param name="defaultProfile">Profile when PROFILE is absent, or null to require it.</param>
    /// <returns>A <see cref="HlrResultCode"/> value.</returns>
    public int Create(Dictionary<string, string> map, int? defaultProfile)
    {
        if (!HlrParameters.OnlyKeys(map, Msisdn, Imsi, Profile, Status)
            || !map.TryGetValue(Msisdn, out var msisdn)
            || !map.TryGetValue(Imsi, out var imsi)
            || (defaultProfile is null && !map.ContainsKey(Profile)))
        {
            return HlrResultCode.SyntaxError;
        }

        var profile = defaultProfile ?? 0;
        var status = HlrSubscriberStatus.Active;
        if (!HlrValues.IsMsisdn(msisdn)
            || !HlrValues.IsImsi(imsi)
            || (map.TryGetValue(Profile, out var p) && !HlrValues.TryProfile(p, out profile))
            || (map.TryGetValue(Status, out var s) && !HlrValues.TryStatus(s, out status)))
        {
            return HlrResultCode.InvalidValue;
        }

        return table.Create(new HlrSubscriber(msisdn, imsi, profile, status));
    }

    /// <summary>Changes IMSI (SIM swap), PROFILE and/or STATUS of the subscriber named by MSISDN.</summary>
    /// <param name="map">Parameters; at least one of IMSI, PROFILE, STATUS.</param>
    /// <returns>A <see cref="HlrResultCode"/> value.</returns>
    public int Modify(Dictionary<string, string> map)
    {
        if (!HlrParameters.OnlyKeys(map, Msisdn, Imsi, Profile, Status) || !map.TryGetValue(Msisdn, out var msisdn) || map.Count < 2)
        {
            return HlrResultCode.SyntaxError;
        }

        var imsi = map.GetValueOrDefault(Imsi);
        int? profile = null;
        HlrSubscriberStatus? status = null;
        if (!HlrValues.IsMsisdn(msisdn) || (imsi is not null && !HlrValues.IsImsi(imsi)))
        {
            return HlrResultCode.InvalidValue;
        }

        if (map.TryGetValue(Profile, out var p))
        {
            if (!HlrValues.TryProfile(p, out var parsed))
            {
                return HlrResultCode.InvalidValue;
            }

            profile = parsed;
        }

        if (map.TryGetValue(Status, out var s))
        {
            if (!HlrValues.TryStatus(s, out var parsed))
            {
                return HlrResultCode.InvalidValue;
            }

            status = parsed;
        }

        return table.Modify(msisdn, imsi, profile, status);
    }

    /// <summary>Finds the subscriber named by MSISDN.</summary>
    /// <param name="map">Parameters; MSISDN only.</param>
    /// <param name="subscriber">The row when found.</param>
    /// <returns>A <see cref="HlrResultCode"/> value.</returns>
    public int Get(Dictionary<string, string> map, out HlrSubscriber? subscriber)
    {
        subscriber = null;
        var code = MsisdnOnly(map, out var msisdn);
        if (code != HlrResultCode.Success)
        {
            return code;
        }

        subscriber = table.Find(msisdn);
        return subscriber is null ? HlrResultCode.UnknownSubscriber : HlrResultCode.Success;
    }

    /// <summary>Removes the subscriber named by MSISDN.</summary>
    /// <param name="map">Parameters; MSISDN only.</param>
    /// <returns>A <see cref="HlrResultCode"/> value.</returns>
    public int Delete(Dictionary<string, string> map)
    {
        var code = MsisdnOnly(map, out var msisdn);
        return code != HlrResultCode.Success ? code : table.Delete(msisdn);
    }

    private static int MsisdnOnly(Dictionary<string, string> map, out string msisdn)
    {
        msisdn = string.Empty;
        if (map.Count != 1 || !map.TryGetValue(Msisdn, out var value))
        {
            return HlrResultCode.SyntaxError;
        }

        msisdn = value;
        return HlrValues.IsMsisdn(msisdn) ? HlrResultCode.Success : HlrResultCode.InvalidValue;
    }
}
