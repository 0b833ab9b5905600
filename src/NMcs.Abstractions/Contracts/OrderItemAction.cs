namespace NMcs.Abstractions.Contracts;

/// <summary>TMF622 <c>productOrderItem.action</c>.</summary>
[GenerateSerializer, Alias("nmcs.OrderItemAction")]
public enum OrderItemAction
{
    /// <summary>Something is added to the SIM (assignment, test quota, activation).</summary>
    Add = 1,

    /// <summary>The SIM's service is changed (suspend, resume, SIM swap, plan change, APN, fixed IP).</summary>
    Modify = 2,

    /// <summary>The SIM's service is removed (terminate, purge).</summary>
    Delete = 3,

    /// <summary>Nothing changes (an item repeated for reference).</summary>
    NoChange = 4,
}
