namespace NMcs.Provisioning.Tests.Support;

/// <summary>A row of the simulator's subscriber table, as the tests see it.</summary>
public sealed record HlrRow(string Msisdn, string Imsi, int Profile, string Status);
