namespace NMcs.Simulators.Hlr;

/// <summary>Service state of a subscriber as the HLR stores it.</summary>
internal enum HlrSubscriberStatus
{
    /// <summary>Subscriber may attach and use services.</summary>
    Active,

    /// <summary>Subscriber is barred from all services.</summary>
    Barred,
}
