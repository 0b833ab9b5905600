namespace NMcs.Provisioning.Contracts;

/// <summary>
/// One protocol-neutral command on a network element's subscriber record, keyed by MSISDN. Null fields are "not
/// given" (not changed on <see cref="SubscriberAction.Modify"/>). Each adapter renders it in its own dialect and
/// leaves out fields its element does not hold (an HLR holds no APN; a PGW/AAA holds no profile).
/// </summary>
/// <param name="Action">What to do.</param>
/// <param name="Msisdn">The subscriber's MSISDN (digits only).</param>
/// <param name="Imsi">The IMSI: required on create; on modify, the new IMSI of a SIM swap.</param>
/// <param name="Profile">The service profile number on the element (0–9999).</param>
/// <param name="Barred">True bars all service (suspend), false lifts the bar (resume).</param>
/// <param name="Apn">The access point name, on elements that hold one.</param>
/// <param name="StaticIp">A fixed IPv4 or IPv6 address, on elements that hold one; empty string removes it.</param>
public sealed record SubscriberCommand(
    SubscriberAction Action,
    string Msisdn,
    string? Imsi = null,
    int? Profile = null,
    bool? Barred = null,
    string? Apn = null,
    string? StaticIp = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Action} msisdn={Msisdn}"
        + (Imsi is null ? string.Empty : $" imsi={Imsi}")
        + (Profile is null ? string.Empty : $" profile={Profile}")
        + (Barred is null ? string.Empty : $" barred={Barred}")
        + (Apn is null ? string.Empty : $" apn={Apn}")
        + (StaticIp is null ? string.Empty : $" ip={StaticIp}");
}
