namespace NMcs.Abstractions.Contracts;

/// <summary>
/// What an order item does to a SIM. Each kind maps onto a TMF622 <c>productOrderItem.action</c>
/// (<see cref="OrderItemAction"/>); docs/orders.md has the table.
/// </summary>
[GenerateSerializer, Alias("nmcs.OrderKind")]
public enum OrderKind
{
    /// <summary>Activates the SIM on a product (ACTIVATION_READY or TEST_READY → ACTIVATED); TMF622 <c>add</c>.</summary>
    Activate = 1,

    /// <summary>Suspends service (ACTIVATED → DEACTIVATED), barred on the network; TMF622 <c>modify</c>.</summary>
    Suspend = 2,

    /// <summary>Resumes service (DEACTIVATED → ACTIVATED); TMF622 <c>modify</c>.</summary>
    Resume = 3,

    /// <summary>Ends the subscription (ACTIVATED or DEACTIVATED → RETIRED); TMF622 <c>delete</c>.</summary>
    Terminate = 4,

    /// <summary>Moves the subscription and MSISDN to a new ICCID/IMSI; the old SIM is RETIRED; TMF622 <c>modify</c>.</summary>
    SimSwap = 5,

    /// <summary>Moves the subscription to another product, now or at the next billing cycle; TMF622 <c>modify</c>.</summary>
    ChangePlan = 6,

    /// <summary>Sets the SIM's access point name on the network; TMF622 <c>modify</c>.</summary>
    AssignApn = 7,

    /// <summary>Sets (or removes, with an empty address) the SIM's fixed IP address; TMF622 <c>modify</c>.</summary>
    AssignFixedIp = 8,

    /// <summary>Assigns an INVENTORY or TEST_READY SIM to a customer (→ ACTIVATION_READY); TMF622 <c>add</c>.</summary>
    Assign = 9,

    /// <summary>Opens the free test quota (INVENTORY → TEST_READY), optionally for a customer and a product to activate on afterwards; TMF622 <c>add</c>.</summary>
    StartTest = 10,

    /// <summary>Removes a RETIRED SIM for good (→ PURGED); TMF622 <c>delete</c>.</summary>
    Purge = 11,
}
