namespace NMcs.Storage.Orders;

/// <summary>The order an idempotency key stands for, and whether the request hashed the same as the first one.</summary>
/// <param name="OrderId">The order created under the key (the first request's).</param>
/// <param name="SamePayload">True when the request is the same as the first one under the key.</param>
/// <param name="Created">True when this call reserved the key.</param>
public sealed record OrderKeyReservation(string OrderId, bool SamePayload, bool Created);
