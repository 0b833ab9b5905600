namespace NMcs.Storage;

/// <summary>What an append to the usage ledger wrote.</summary>
/// <param name="Conflicts">Record ids already in the ledger, not written: duplicates.</param>
/// <param name="RaisedEvents">Threshold events written with the records.</param>
public sealed record LedgerAppend(HashSet<string> Conflicts, IReadOnlyList<ThresholdEvent> RaisedEvents);
