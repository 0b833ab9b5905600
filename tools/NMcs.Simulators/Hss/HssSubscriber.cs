namespace NMcs.Simulators.Hss;

/// <summary>One row of the simulated HSS subscriber table.</summary>
/// <param name="Msisdn">Subscriber number, digits only; the key of the table and the SPML psoID.</param>
/// <param name="Imsi">SIM identity, digits only; unique across the table.</param>
/// <param name="Profile">Service profile number, 0–9999.</param>
/// <param name="Barred">Whether all service is barred.</param>
/// <param name="Apn">Default access point name, or null.</param>
internal sealed record HssSubscriber(string Msisdn, string Imsi, int Profile, bool Barred, string? Apn);
