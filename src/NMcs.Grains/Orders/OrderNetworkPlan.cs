using NMcs.Abstractions.Contracts;
using NMcs.Provisioning.Contracts;

namespace NMcs.Grains.Orders;

/// <summary>
/// The network element commands of an order item, each with the command that undoes it: subscriber records on the
/// elements with role hlr or hss (create, bar, unbar, delete, IMSI change), APN and fixed IP on those with role pgw or
/// aaa, whose session record the first APN opens and which then follows the subscriber (bar, IMSI change, delete).
/// Pure: the elements come from the gateway's configuration. No element with the role, no step.
/// </summary>
public static class OrderNetworkPlan
{
    /// <summary>Roles of the elements that hold the subscriber record.</summary>
    public static readonly string[] SubscriberRoles = ["hlr", "hss"];

    /// <summary>Roles of the elements that hold APN and fixed IP.</summary>
    public static readonly string[] SessionRoles = ["pgw", "aaa"];

    /// <summary>The steps of <paramref name="item"/> on <paramref name="sim"/> as it is before the item.</summary>
    public static IReadOnlyList<ProvisioningStep> Build(OrderItemRequest item, SimInfo sim, SimProvisioningInfo? network, Func<string, IReadOnlyList<string>> elementsWithRole)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(elementsWithRole);
        var subscriberElements = SubscriberRoles.SelectMany(elementsWithRole).Distinct(StringComparer.Ordinal).ToList();
        var sessionElements = SessionRoles.SelectMany(elementsWithRole).Distinct(StringComparer.Ordinal).ToList();
        var msisdn = sim.Msisdn;
        var barred = sim.Status == SimStatus.Deactivated;
        var create = new SubscriberCommand(SubscriberAction.Create, msisdn, sim.Imsi, Barred: false);
        var delete = new SubscriberCommand(SubscriberAction.Delete, msisdn);
        var bar = new SubscriberCommand(SubscriberAction.Modify, msisdn, Barred: true);
        var unbar = new SubscriberCommand(SubscriberAction.Modify, msisdn, Barred: false);

        // The session record (APN, fixed IP) is opened on pgw/aaa by the SIM's first APN; from then on it follows the
        // subscriber: barred, swapped and deleted with it.
        var apn = network?.Apn is { Length: > 0 } known ? known : null;
        var sessions = apn is null ? [] : sessionElements;
        var sessionCreate = new SubscriberCommand(SubscriberAction.Create, msisdn, sim.Imsi, Barred: barred, Apn: apn, StaticIp: network?.FixedIp);
        return item.Kind switch
        {
            // A TEST_READY SIM is on the network already (its test opened the record).
            OrderKind.StartTest => On(subscriberElements, create, delete),
            OrderKind.Activate when sim.Status == SimStatus.TestReady => [],
            OrderKind.Activate => On(subscriberElements, create, delete),
            OrderKind.Suspend => [.. On(subscriberElements, bar, unbar), .. On(sessions, bar, unbar)],
            OrderKind.Resume => [.. On(subscriberElements, unbar, bar), .. On(sessions, unbar, bar)],
            OrderKind.Terminate => [.. On(subscriberElements, delete, create with { Barred = barred }), .. On(sessions, delete, sessionCreate)],
            OrderKind.SimSwap => On(
                [.. subscriberElements, .. sessions],
                new SubscriberCommand(SubscriberAction.Modify, msisdn, Imsi: item.NewImsi ?? string.Empty),
                new SubscriberCommand(SubscriberAction.Modify, msisdn, Imsi: sim.Imsi)),
            OrderKind.AssignApn when apn is null => On(
                sessionElements,
                new SubscriberCommand(SubscriberAction.Create, msisdn, sim.Imsi, Barred: barred, Apn: item.Apn, StaticIp: network?.FixedIp),
                delete),
            OrderKind.AssignApn => On(
                sessionElements,
                new SubscriberCommand(SubscriberAction.Modify, msisdn, Apn: item.Apn),
                new SubscriberCommand(SubscriberAction.Modify, msisdn, Apn: apn)),
            OrderKind.AssignFixedIp => On(
                sessionElements,
                new SubscriberCommand(SubscriberAction.Modify, msisdn, StaticIp: item.FixedIp ?? string.Empty),
                new SubscriberCommand(SubscriberAction.Modify, msisdn, StaticIp: network?.FixedIp ?? string.Empty)),
            _ => [],
        };
    }

    /// <summary>The steps that undo <paramref name="steps"/> (already run), last first, for when the SIM change after them is refused.</summary>
    public static IReadOnlyList<ProvisioningStep> Undo(IReadOnlyList<ProvisioningStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps.Reverse().Where(s => s.Compensation is not null).Select(s => new ProvisioningStep(s.ElementId, s.Compensation!, null)).ToList();
    }

    /// <summary>
    /// True when the element's record (<paramref name="reply"/> to a read) shows <paramref name="command"/> in effect
    /// already: a resumed order skips such steps, so no step runs twice in effect.
    /// </summary>
    public static bool InEffect(SubscriberCommand command, NeReply reply)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reply);
        var record = reply.Succeeded ? reply.Subscriber : null;
        return command.Action switch
        {
            SubscriberAction.Create => record is not null && record.Imsi == command.Imsi,
            SubscriberAction.Delete => reply.Outcome == NeOutcome.Rejected && reply.NoSuchSubscriber,
            SubscriberAction.Modify => record is not null
                && (command.Imsi is null || record.Imsi == command.Imsi)
                && (command.Barred is null || record.Barred == command.Barred)
                && (command.Profile is null || record.Profile == command.Profile)
                && (command.Apn is null || (record.Apn ?? string.Empty) == command.Apn)
                && (command.StaticIp is null || (record.StaticIp ?? string.Empty) == command.StaticIp),
            _ => false,
        };
    }

    private static List<ProvisioningStep> On(IEnumerable<string> elements, SubscriberCommand command, SubscriberCommand compensation) =>
        elements.Select(e => new ProvisioningStep(e, command, compensation)).ToList();
}
