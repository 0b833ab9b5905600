namespace NMcs.Abstractions.Contracts;

/// <summary>
/// One item of an order (TMF622 <c>productOrderItem</c>): a <see cref="OrderKind"/> on one SIM, named by ICCID (or by
/// MSISDN, resolved when the order is submitted), with the parameters its kind needs.
/// </summary>
/// <param name="Id">The item's id within the order (TMF622 <c>productOrderItem.id</c>), e.g. "1".</param>
/// <param name="Kind">What to do.</param>
/// <param name="Iccid">The SIM.</param>
/// <param name="ProductId">activate, changePlan, startTest: the product (TMF622 <c>productOffering.id</c>).</param>
/// <param name="ProductVersion">A published version; the one in force when omitted.</param>
/// <param name="AtNextCycle">changePlan: take effect at the start of the payer's next billing cycle.</param>
/// <param name="NewIccid">simSwap: the new SIM's ICCID.</param>
/// <param name="NewImsi">simSwap: the new SIM's IMSI (required unless the new SIM is registered already).</param>
/// <param name="Apn">assignApn: the access point name.</param>
/// <param name="FixedIp">assignFixedIp: an IPv4 or IPv6 address, or empty to remove it.</param>
/// <param name="CustomerId">assign, startTest: the customer.</param>
/// <param name="AccountId">assign: one of the customer's accounts (its payer account when null).</param>
[GenerateSerializer, Immutable, Alias("nmcs.OrderItemRequest")]
public sealed record OrderItemRequest(
    [property: Id(0)] string Id,
    [property: Id(1)] OrderKind Kind,
    [property: Id(2)] string Iccid,
    [property: Id(3)] string? ProductId = null,
    [property: Id(4)] int? ProductVersion = null,
    [property: Id(5)] bool AtNextCycle = false,
    [property: Id(6)] string? NewIccid = null,
    [property: Id(7)] string? NewImsi = null,
    [property: Id(8)] string? Apn = null,
    [property: Id(9)] string? FixedIp = null,
    [property: Id(10)] string? CustomerId = null,
    [property: Id(11)] string? AccountId = null);
