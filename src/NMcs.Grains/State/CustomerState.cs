namespace NMcs.Grains.State;

/// <summary>Persistent state of <see cref="CustomerGrain"/>.</summary>
[GenerateSerializer, Alias("nmcs.CustomerState")]
public sealed class CustomerState
{
    /// <summary>Customer name.</summary>
    [Id(0)] public string Name { get; set; } = string.Empty;

    /// <summary>Payer account id.</summary>
    [Id(1)] public string AccountId { get; set; } = string.Empty;

    /// <summary>ISO 4217 billing currency.</summary>
    [Id(2)] public string Currency { get; set; } = string.Empty;

    /// <summary>IANA time zone billing periods are cut in.</summary>
    [Id(3)] public string TimeZone { get; set; } = string.Empty;

    /// <summary>Creation time.</summary>
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Child (subscriber) accounts opened under the payer.</summary>
    [Id(5)] public List<string> ChildAccountIds { get; set; } = [];
}
