using NMcs.Storage.Resources;

namespace NMcs.Api.Resources;

/// <summary>The answer to adding a range of numbers to an MSISDN pool.</summary>
/// <param name="Added">Numbers new to the pool.</param>
/// <param name="Pool">The pool.</param>
public sealed record MsisdnRangeAdded(int Added, MsisdnPool Pool);
