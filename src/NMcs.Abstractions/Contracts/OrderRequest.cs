namespace NMcs.Abstractions.Contracts;

/// <summary>
/// An order as submitted (TMF622 <c>ProductOrder_Create</c>): its items and who submitted it. The same
/// <paramref name="IdempotencyKey"/> from the same <paramref name="Submitter"/> with the same items returns the same
/// order; with other items it is refused.
/// </summary>
/// <param name="Submitter">Who submitted it (the request's actor); idempotency keys are per submitter.</param>
/// <param name="Items">The items, at most 10,000.</param>
/// <param name="IdempotencyKey">The submitter's key for this order, when given.</param>
/// <param name="ExternalId">The submitter's own reference (TMF622 <c>externalId</c>).</param>
/// <param name="RequestedCompletionDate">When the submitter wants it done (TMF622 <c>requestedCompletionDate</c>); informative.</param>
/// <param name="Description">A free text (TMF622 <c>description</c>).</param>
/// <param name="Bulk">True for a bulk order (one kind, many SIMs).</param>
[GenerateSerializer, Immutable, Alias("nmcs.OrderRequest")]
public sealed record OrderRequest(
    [property: Id(0)] string Submitter,
    [property: Id(1)] IReadOnlyList<OrderItemRequest> Items,
    [property: Id(2)] string? IdempotencyKey = null,
    [property: Id(3)] string? ExternalId = null,
    [property: Id(4)] DateTimeOffset? RequestedCompletionDate = null,
    [property: Id(5)] string? Description = null,
    [property: Id(6)] bool Bulk = false);
