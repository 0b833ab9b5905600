using System.Numerics;

namespace NMcs.Storage.Resources;

/// <summary>How much of a pool is in use. Lapsed reservations count as free.</summary>
/// <param name="Kind">MSISDN or IP pool.</param>
/// <param name="Name">The pool.</param>
/// <param name="CustomerId">The customer the pool is dedicated to, or null.</param>
/// <param name="Size">Numbers or usable addresses in the pool.</param>
/// <param name="Free">Size minus reserved minus assigned.</param>
/// <param name="Reserved">Held by a reservation that has not lapsed.</param>
/// <param name="Assigned">In use.</param>
/// <param name="Percent">(reserved + assigned) / size × 100, rounded down to 12 decimals; 0 for an empty pool.</param>
public sealed record PoolUtilisation(ResourceKind Kind, string Name, string? CustomerId, BigInteger Size, BigInteger Free, long Reserved, long Assigned, decimal Percent)
{
    /// <summary>Computes the counts and percentage from size and the used counts.</summary>
    public static PoolUtilisation Of(ResourceKind kind, string name, string? customerId, BigInteger size, long reserved, long assigned)
    {
        var used = new BigInteger(reserved) + assigned;
        const long Scale = 1_000_000_000_000;
        var percent = size.IsZero ? 0m : (decimal)(used * 100 * Scale / size) / Scale;
        return new PoolUtilisation(kind, name, customerId, size, size - used, reserved, assigned, percent);
    }
}
