namespace NMcs.Abstractions.Contracts;

/// <summary>Where a SIM is in its life.</summary>
[GenerateSerializer, Alias("nmcs.SimStatus")]
public enum SimStatus
{
    /// <summary>Not registered.</summary>
    Unknown = 0,

    /// <summary>Registered in the operator's inventory, not assigned.</summary>
    Inventory = 1,

    /// <summary>Assigned to a customer, not yet activated.</summary>
    Assigned = 2,

    /// <summary>Activated on a product; usage is rated.</summary>
    Active = 3,

    /// <summary>Service suspended: no usage expected; recurring charges follow the product's suspension policy.</summary>
    Suspended = 4,

    /// <summary>Terminated: the subscription has ended; final charges are on the next invoice.</summary>
    Terminated = 5,
}
