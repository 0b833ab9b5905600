namespace NMcs.Storage;

/// <summary>One deployed version of a tariff rule plugin, as persisted for every silo and for restarts.</summary>
public sealed record StoredRule(string Name, int Version, string Sha256, string FileName, string Source, DateTimeOffset DeployedAt);
