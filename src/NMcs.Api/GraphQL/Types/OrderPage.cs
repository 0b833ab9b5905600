using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>A page of orders and the cursor of the next one.</summary>
/// <param name="Nodes">The orders, newest first.</param>
/// <param name="EndCursor">Pass as <c>after</c> for the next page.</param>
/// <param name="HasNextPage">True when more orders match.</param>
public sealed record OrderPage(IReadOnlyList<OrderInfo> Nodes, string? EndCursor, bool HasNextPage);
