namespace NMcs.Storage.Resources;

/// <summary>An access point name.</summary>
/// <param name="Name">APN network identifier (TS 23.003 §9.1), lower case.</param>
/// <param name="Type">Public or private.</param>
/// <param name="Customers">Customers allowed on it, ordered; for a public APN the list may be empty (everyone).</param>
/// <param name="CreatedAt">When it was created (platform time).</param>
public sealed record Apn(string Name, ApnType Type, IReadOnlyList<string> Customers, DateTimeOffset CreatedAt);
