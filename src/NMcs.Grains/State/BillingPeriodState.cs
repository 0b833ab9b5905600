namespace NMcs.Grains.State;

/// <summary>Persistent state of <see cref="BillingPeriodGrain"/>.</summary>
[GenerateSerializer, Alias("nmcs.BillingPeriodState")]
public sealed class BillingPeriodState
{
    /// <summary>Invoice number once the period is closed.</summary>
    [Id(0)] public string? InvoiceNumber { get; set; }

    /// <summary>When the period was closed.</summary>
    [Id(1)] public DateTimeOffset? ClosedAt { get; set; }
}
