namespace NMcs.Abstractions.Contracts;

/// <summary>What became of one submitted usage record.</summary>
[GenerateSerializer, Alias("nmcs.UsageOutcomeStatus")]
public enum UsageOutcomeStatus
{
    /// <summary>Accepted and rated; the charge is durable.</summary>
    Rated = 0,

    /// <summary>Its record id was accepted before; acknowledged and not charged again.</summary>
    Duplicate = 1,

    /// <summary>Refused; see field and reason. Nothing was charged.</summary>
    Rejected = 2,

    /// <summary>
    /// Accepted but not rated: its tariff rule failed (reason given). Kept, counted once, and re-rated when a fixed
    /// rule version is deployed.
    /// </summary>
    Suspended = 3,
}
