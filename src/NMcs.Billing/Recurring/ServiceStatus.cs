namespace NMcs.Billing.Recurring;

/// <summary>Whether a subscription is in service or suspended on a stretch of days.</summary>
public enum ServiceStatus
{
    /// <summary>In service: recurring charges cost their price.</summary>
    Active,

    /// <summary>Suspended: recurring charges cost what their suspension policy says.</summary>
    Suspended,
}
