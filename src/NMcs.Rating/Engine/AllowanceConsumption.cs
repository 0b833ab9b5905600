using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>How much of one allowance a rated part used.</summary>
/// <param name="AllowanceId">Allowance id.</param>
/// <param name="Scope">Subscription or account (pooled).</param>
/// <param name="Quantity">Base units used.</param>
/// <param name="Units">The same in the allowance's unit.</param>
/// <param name="Unit">The allowance's unit, e.g. GB.</param>
public sealed record AllowanceConsumption(string AllowanceId, CounterScope Scope, decimal Quantity, decimal Units, string Unit);
