using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>An increase of one cycle counter the caller must persist after rating a record.</summary>
/// <param name="Kind">Allowance use or charge quantity.</param>
/// <param name="Id">Allowance id or usage charge id.</param>
/// <param name="Scope">Who owns the counter: the subscription, or the account (pooled allowances, account-wide tiers).</param>
/// <param name="CycleKey">The cycle the counter belongs to.</param>
/// <param name="Quantity">Base units to add.</param>
public sealed record CounterDelta(CounterKind Kind, string Id, CounterScope Scope, string CycleKey, decimal Quantity);
