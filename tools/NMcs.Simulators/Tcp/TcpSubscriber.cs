namespace NMcs.Simulators.Tcp;

/// <summary>One row of the simulated PGW/AAA subscriber table.</summary>
/// <param name="Msisdn">Subscriber number, digits only; the key of the table.</param>
/// <param name="Imsi">SIM identity, digits only; unique across the table.</param>
/// <param name="Apn">Access point name.</param>
/// <param name="Ip">Static IPv4 or IPv6 address in canonical form, unique per APN; null when dynamic.</param>
/// <param name="Barred">Whether data sessions are refused.</param>
internal sealed record TcpSubscriber(string Msisdn, string Imsi, string Apn, string? Ip, bool Barred);
