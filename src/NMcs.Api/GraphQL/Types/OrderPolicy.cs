namespace NMcs.Api.GraphQL.Types;

/// <summary>An account's order policy.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="AutoSuspendOnCreditLimit">True: a credit-limit event at 100 % raises a suspend order for the account's ACTIVATED SIMs.</param>
public sealed record OrderPolicy(string AccountId, bool AutoSuspendOnCreditLimit);
