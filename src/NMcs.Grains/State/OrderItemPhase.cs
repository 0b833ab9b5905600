namespace NMcs.Grains.State;

/// <summary>Where an order item is in its run; stored before each step so a resumed order continues at the right one.</summary>
[GenerateSerializer, Alias("nmcs.OrderItemPhase")]
public enum OrderItemPhase
{
    /// <summary>Not started.</summary>
    Pending = 0,

    /// <summary>Network steps started (a resumed item first checks which of them are in effect already).</summary>
    Network = 1,

    /// <summary>Network steps done; the SIM change is next (applying it twice is harmless: the SIM knows the item).</summary>
    Applying = 2,

    /// <summary>Final.</summary>
    Done = 3,
}
