namespace NMcs.Rating.Thresholds;

/// <summary>The charge limits of one account: its credit limit and per-SIM charge limits, in the account's currency.</summary>
/// <param name="Currency">The account's ISO 4217 currency code.</param>
/// <param name="Account">The account's credit limit on a cycle's usage charges; null for none.</param>
/// <param name="Sims">Charge limits on a cycle's usage charges per SIM (ICCID).</param>
public sealed record ChargeLimits(string Currency, decimal? Account, IReadOnlyDictionary<string, decimal> Sims)
{
    /// <summary>No limits.</summary>
    public static ChargeLimits None(string currency) => new(currency, null, new Dictionary<string, decimal>());
}
