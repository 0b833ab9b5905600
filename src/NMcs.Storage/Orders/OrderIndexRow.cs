namespace NMcs.Storage.Orders;

/// <summary>One order in the order index (the grain holds the order itself; this row is for queries).</summary>
/// <param name="OrderId">The order id.</param>
/// <param name="Submitter">Who submitted it.</param>
/// <param name="Kind">The kind of its items (API spelling, e.g. simSwap), or empty when they differ.</param>
/// <param name="State">Its state (TMF622 spelling, e.g. inProgress).</param>
/// <param name="CustomerId">The customer of its SIMs, or empty when unknown or several.</param>
/// <param name="Bulk">True for a bulk order.</param>
/// <param name="ItemCount">How many items it has.</param>
/// <param name="Completed">Items completed so far.</param>
/// <param name="Failed">Items failed so far.</param>
/// <param name="ExternalId">The submitter's reference, or empty.</param>
/// <param name="CreatedAt">When it was acknowledged.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record OrderIndexRow(
    string OrderId,
    string Submitter,
    string Kind,
    string State,
    string CustomerId,
    bool Bulk,
    int ItemCount,
    int Completed,
    int Failed,
    string ExternalId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
