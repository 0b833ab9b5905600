namespace NMcs.Storage.Orders;

/// <summary>What the order index is searched for; null fields match everything.</summary>
/// <param name="CustomerId">Orders of one customer.</param>
/// <param name="Iccid">Orders with an item on one SIM.</param>
/// <param name="State">Orders in one state (TMF622 spelling).</param>
/// <param name="Kind">Orders of one kind (API spelling).</param>
/// <param name="Submitter">Orders of one submitter.</param>
public sealed record OrderFilter(string? CustomerId = null, string? Iccid = null, string? State = null, string? Kind = null, string? Submitter = null);
