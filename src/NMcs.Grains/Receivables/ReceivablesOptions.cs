using Microsoft.Extensions.Configuration;

namespace NMcs.Grains.Receivables;

/// <summary>Settings of accounts receivable, read from configuration <c>NMcs:Billing</c>.</summary>
public sealed record ReceivablesOptions
{
    /// <summary>Default payment terms: 14 days.</summary>
    public const int DefaultPaymentTermsDays = 14;

    /// <summary>Days from the issue date to the due date (<c>NMcs:Billing:PaymentTermsDays</c>, 0 to 365).</summary>
    public int PaymentTermsDays { get; init; } = DefaultPaymentTermsDays;

    /// <summary>Reads <c>NMcs:Billing:PaymentTermsDays</c>; the default when absent.</summary>
    public static ReceivablesOptions From(IConfiguration? configuration)
    {
        var days = configuration?.GetValue<int?>("NMcs:Billing:PaymentTermsDays") ?? DefaultPaymentTermsDays;
        return days is < 0 or > 365
            ? throw new InvalidOperationException($"NMcs:Billing:PaymentTermsDays is {days}; set it to a number of days from 0 to 365.")
            : new ReceivablesOptions { PaymentTermsDays = days };
    }
}
