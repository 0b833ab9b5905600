namespace NMcs.Provisioning.Contracts;

/// <summary>A subscriber record as a network element reports it (fields it does not hold are null).</summary>
public sealed record NeSubscriber(string Msisdn, string? Imsi, int? Profile, bool? Barred, string? Apn = null, string? StaticIp = null);
