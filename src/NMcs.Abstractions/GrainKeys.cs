namespace NMcs.Abstractions;

/// <summary>How composite grain keys are written.</summary>
public static class GrainKeys
{
    /// <summary>The payer account id opened with a customer.</summary>
    public static string PayerAccountOf(string customerId) => customerId + "-PAYER";

    /// <summary>Key of an account's billing period grain.</summary>
    public static string BillingPeriod(string accountId, string periodKey) => accountId + ":" + periodKey;

    /// <summary>Splits a billing period grain key into account id and period key.</summary>
    public static (string AccountId, string PeriodKey) ParseBillingPeriod(string key)
    {
        var i = key.LastIndexOf(':');
        return (key[..i], key[(i + 1)..]);
    }
}
