namespace NMcs.Simulators.Hlr;

/// <summary>One row of the simulated HLR subscriber table.</summary>
/// <param name="Msisdn">Subscriber number, digits only; the key of the table.</param>
/// <param name="Imsi">SIM identity, digits only; unique across the table.</param>
/// <param name="Profile">Service profile number.</param>
/// <param name="Status">Service state.</param>
internal sealed record HlrSubscriber(string Msisdn, string Imsi, int Profile, HlrSubscriberStatus Status);
