using System.Net;
using System.Security.Cryptography;
using System.Text;
using NMcs.Abstractions.Contracts;
using NMcs.Identifiers;

namespace NMcs.Grains.Orders;

/// <summary>Checks of order items' parameters, the payload hash idempotency compares, and the ids of system orders.</summary>
public static class OrderItemRules
{
    /// <summary>The most items one order may have.</summary>
    public const int MaxItems = 10_000;

    /// <summary>The submitter of orders the platform raises itself (test quota used, credit limit reached).</summary>
    public const string SystemSubmitter = "system";

    /// <summary>The id of the order that moves a SIM on when its test quota is used (one per SIM).</summary>
    public static string AfterTestOrderId(string iccid) => "auto-test-" + iccid;

    /// <summary>The id of the suspend order raised by credit-limit event <paramref name="eventId"/> (one per event).</summary>
    public static string CreditLimitOrderId(string eventId) => "auto-credit-" + eventId;

    /// <summary>The value, or INVALID_ORDER naming the field <paramref name="kind"/> needs.</summary>
    public static string Required(string? value, string field, string kind) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new DomainException("INVALID_ORDER", field, $"{kind} needs {field}; give it on the order item.")
            : value.Trim();

    /// <summary>An APN: 1 to 100 characters, labels of letters, digits and hyphens separated by dots (3GPP TS 23.003).</summary>
    public static string Apn(string? apn)
    {
        var value = Required(apn, "apn", "assignApn");
        if (value.Length > 100 || value.Split('.').Any(label => label.Length == 0 || label.Length > 63 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            throw new DomainException("INVALID_ORDER", "apn", $"apn '{value}' is not an access point name: use labels of letters, digits and '-' separated by '.', at most 100 characters (e.g. iot.example.com).");
        }

        return value.ToLowerInvariant();
    }

    /// <summary>A fixed IPv4 or IPv6 address in canonical form, or null for an empty one (removes the address).</summary>
    public static string? FixedIp(string? address)
    {
        if (address is null)
        {
            throw new DomainException("INVALID_ORDER", "fixedIp", "assignFixedIp needs fixedIp: an IPv4 or IPv6 address, or \"\" to remove it.");
        }

        if (address.Length == 0)
        {
            return null;
        }

        return IPAddress.TryParse(address.Trim(), out var ip)
            ? ip.ToString()
            : throw new DomainException("INVALID_ORDER", "fixedIp", $"fixedIp '{address}' is not an IPv4 or IPv6 address (e.g. 10.20.30.40).");
    }

    /// <summary>Checks an item's parameters for its kind (SIM states are checked when it runs); refuses with the field and the fix.</summary>
    public static OrderItemRequest Validate(OrderItemRequest item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var iccid = SimIdentifiers.ValidateIccid(item.Iccid);
        switch (item.Kind)
        {
            case OrderKind.Activate:
                Required(item.ProductId, "productId", "activate");
                break;
            case OrderKind.ChangePlan:
                Required(item.ProductId, "productId", "changePlan");
                break;
            case OrderKind.Assign:
                Required(item.CustomerId, "customerId", "assign");
                break;
            case OrderKind.SimSwap:
                var newIccid = SimIdentifiers.ValidateIccid(Required(item.NewIccid, "newIccid", "simSwap"));
                if (newIccid == iccid)
                {
                    throw new DomainException("INVALID_ORDER", "newIccid", $"newIccid {newIccid} is the SIM being replaced; give the ICCID of the new SIM.");
                }

                if (item.NewImsi is not null)
                {
                    SimIdentifiers.ValidateImsi(item.NewImsi);
                }

                return item with { Iccid = iccid, NewIccid = newIccid };
            case OrderKind.AssignApn:
                return item with { Iccid = iccid, Apn = Apn(item.Apn) };
            case OrderKind.AssignFixedIp:
                return item with { Iccid = iccid, FixedIp = FixedIp(item.FixedIp) ?? string.Empty };
            default:
                break;
        }

        return item with { Iccid = iccid };
    }

    /// <summary>
    /// A hash of what the order asks (its items and references, not who or when), so a repeated idempotency key can
    /// tell the same request from another one.
    /// </summary>
    public static string Hash(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = new StringBuilder();
        text.Append(request.ExternalId).Append('|').Append(request.Bulk).Append('|').Append(request.RequestedCompletionDate?.ToUnixTimeSeconds()).Append('|');
        foreach (var i in request.Items)
        {
            text.Append(i.Id).Append(',').Append(i.Kind).Append(',').Append(i.Iccid).Append(',').Append(i.ProductId).Append(',')
                .Append(i.ProductVersion).Append(',').Append(i.AtNextCycle).Append(',').Append(i.NewIccid).Append(',').Append(i.NewImsi).Append(',')
                .Append(i.Apn).Append(',').Append(i.FixedIp).Append(',').Append(i.CustomerId).Append(',').Append(i.AccountId).Append(';');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
