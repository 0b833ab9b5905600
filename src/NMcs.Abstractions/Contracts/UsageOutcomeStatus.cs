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
}
