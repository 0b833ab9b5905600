using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.Orders;

/// <summary>One allowed move of the SIM lifecycle: from a state, by an order kind, to a state.</summary>
/// <param name="From">The state the SIM must be in.</param>
/// <param name="Kind">The order kind that makes the move.</param>
/// <param name="To">The state afterwards (the same as <paramref name="From"/> for changes that keep the state).</param>
/// <param name="Note">What else happens, for the table in the API and docs.</param>
public sealed record SimTransition(SimStatus From, OrderKind Kind, SimStatus To, string Note);
