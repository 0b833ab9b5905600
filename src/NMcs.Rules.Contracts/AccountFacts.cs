namespace NMcs.Rules;

/// <summary>The paying account as rules see it.</summary>
/// <param name="AccountId">Account id.</param>
/// <param name="Currency">ISO 4217 currency of the account.</param>
/// <param name="ActiveSims">Active subscriptions on the account when the record is rated.</param>
public sealed record AccountFacts(string AccountId, string Currency, int ActiveSims);
