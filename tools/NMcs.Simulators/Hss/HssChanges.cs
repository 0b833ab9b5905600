namespace NMcs.Simulators.Hss;

/// <summary>Fields read from one SPML <c>subscriber</c> data element; null means "not given".</summary>
/// <param name="Msisdn">MSISDN.</param>
/// <param name="Imsi">IMSI (a new one on modify is a SIM swap).</param>
/// <param name="Profile">Profile number.</param>
/// <param name="Barred">Barring.</param>
/// <param name="Apn">APN; the empty string removes it on modify.</param>
internal sealed record HssChanges(string? Msisdn, string? Imsi, int? Profile, bool? Barred, string? Apn)
{
    /// <summary>Whether no field is given.</summary>
    public bool IsEmpty => Msisdn is null && Imsi is null && Profile is null && Barred is null && Apn is null;
}
