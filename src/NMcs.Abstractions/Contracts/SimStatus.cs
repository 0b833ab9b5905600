namespace NMcs.Abstractions.Contracts;

/// <summary>
/// Where a SIM is in its life, with the state names operators know from Cisco IoT Control Center. The allowed moves
/// between them are one table (<c>SimLifecycle</c> in NMcs.Grains, printed in docs/orders.md); every move is made by an
/// order. The numbers are stored in grain state: states of earlier builds keep their number under the new name
/// (Assigned is ActivationReady, Active is Activated, Suspended is Deactivated, Terminated is Retired); never renumber.
/// </summary>
[GenerateSerializer, Alias("nmcs.SimStatus")]
public enum SimStatus
{
    /// <summary>Not registered.</summary>
    Unknown = 0,

    /// <summary>INVENTORY: registered in the operator's stock, not assigned to a customer; no service.</summary>
    Inventory = 1,

    /// <summary>ACTIVATION_READY: assigned to a customer (and account), ready to be activated on a product; no service.</summary>
    ActivationReady = 2,

    /// <summary>ACTIVATED: activated on a product; usage is rated and recurring charges run.</summary>
    Activated = 3,

    /// <summary>DEACTIVATED: service suspended (barred on the network); recurring charges follow the product's suspension policy.</summary>
    Deactivated = 4,

    /// <summary>RETIRED: the subscription has ended (terminated, or the SIM was swapped out); final charges are on the next invoice.</summary>
    Retired = 5,

    /// <summary>TEST_READY: may use a free test quota (data, SMS, voice seconds); moves on by itself when the quota is used.</summary>
    TestReady = 6,

    /// <summary>PURGED: a retired SIM removed from the network and from service for good; kept for history only.</summary>
    Purged = 7,
}
