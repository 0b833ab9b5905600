using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.Orders;

/// <summary>
/// The SIM lifecycle's transition table, the one place that says which order may move a SIM from which state to which
/// (printed in docs/orders.md and served by the <c>simTransitions</c> query). Anything not in the table is refused
/// with ILLEGAL_TRANSITION and changes nothing.
/// </summary>
public static class SimLifecycle
{
    /// <summary>Every allowed move, in lifecycle order.</summary>
    public static IReadOnlyList<SimTransition> Transitions { get; } =
    [
        new(SimStatus.Inventory, OrderKind.StartTest, SimStatus.TestReady, "opens the free test quota; usage is not charged"),
        new(SimStatus.Inventory, OrderKind.Assign, SimStatus.ActivationReady, "assigns the SIM to a customer and account"),
        new(SimStatus.TestReady, OrderKind.Assign, SimStatus.ActivationReady, "also automatic when the test quota is used (NMcs:Sim:AfterTest=ActivationReady)"),
        new(SimStatus.TestReady, OrderKind.Activate, SimStatus.Activated, "also automatic when the test quota is used (NMcs:Sim:AfterTest=Activated); needs a customer"),
        new(SimStatus.ActivationReady, OrderKind.Activate, SimStatus.Activated, "opens the subscription: recurring and activation charges start"),
        new(SimStatus.Activated, OrderKind.Suspend, SimStatus.Deactivated, "bars the SIM; recurring charges follow the product's suspension policy"),
        new(SimStatus.Deactivated, OrderKind.Resume, SimStatus.Activated, "lifts the bar"),
        new(SimStatus.Activated, OrderKind.Terminate, SimStatus.Retired, "ends the subscription: final prorated charges and termination fees"),
        new(SimStatus.Deactivated, OrderKind.Terminate, SimStatus.Retired, "ends the subscription: final prorated charges and termination fees"),
        new(SimStatus.Activated, OrderKind.SimSwap, SimStatus.Retired, "the new SIM becomes ACTIVATED with the subscription and MSISDN; SIM-swap fee"),
        new(SimStatus.Deactivated, OrderKind.SimSwap, SimStatus.Retired, "the new SIM becomes DEACTIVATED with the subscription and MSISDN; SIM-swap fee"),
        new(SimStatus.Activated, OrderKind.ChangePlan, SimStatus.Activated, "now or at the next billing cycle: credit for the old plan, charge for the new"),
        new(SimStatus.TestReady, OrderKind.AssignApn, SimStatus.TestReady, "sets the APN on the PGW/AAA"),
        new(SimStatus.ActivationReady, OrderKind.AssignApn, SimStatus.ActivationReady, "sets the APN on the PGW/AAA"),
        new(SimStatus.Activated, OrderKind.AssignApn, SimStatus.Activated, "sets the APN on the PGW/AAA"),
        new(SimStatus.Deactivated, OrderKind.AssignApn, SimStatus.Deactivated, "sets the APN on the PGW/AAA"),
        new(SimStatus.TestReady, OrderKind.AssignFixedIp, SimStatus.TestReady, "sets the fixed IP on the PGW/AAA"),
        new(SimStatus.ActivationReady, OrderKind.AssignFixedIp, SimStatus.ActivationReady, "sets the fixed IP on the PGW/AAA"),
        new(SimStatus.Activated, OrderKind.AssignFixedIp, SimStatus.Activated, "sets the fixed IP on the PGW/AAA"),
        new(SimStatus.Deactivated, OrderKind.AssignFixedIp, SimStatus.Deactivated, "sets the fixed IP on the PGW/AAA"),
        new(SimStatus.Retired, OrderKind.Purge, SimStatus.Purged, "removes the SIM for good; its history stays"),
    ];

    /// <summary>The move <paramref name="kind"/> makes from <paramref name="from"/>, or null when the table has none.</summary>
    public static SimTransition? Find(SimStatus from, OrderKind kind) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Kind == kind);

    /// <summary>The move, or ILLEGAL_TRANSITION naming the states <paramref name="kind"/> is allowed from.</summary>
    public static SimTransition Require(string iccid, SimStatus from, OrderKind kind) =>
        Find(from, kind) ?? throw new DomainException(
            "ILLEGAL_TRANSITION",
            "iccid",
            $"iccid {iccid} is {ApiName(from)}; {ApiName(kind)} is allowed only from {string.Join(" or ", Transitions.Where(t => t.Kind == kind).Select(t => ApiName(t.From)).Distinct())} (nothing changed; see the simTransitions query).");

    /// <summary>The TMF622 action of <paramref name="kind"/>.</summary>
    public static OrderItemAction ActionOf(OrderKind kind) => kind switch
    {
        OrderKind.Activate or OrderKind.Assign or OrderKind.StartTest => OrderItemAction.Add,
        OrderKind.Terminate or OrderKind.Purge => OrderItemAction.Delete,
        _ => OrderItemAction.Modify,
    };

    /// <summary>The state as the API spells it: ACTIVATION_READY.</summary>
    public static string ApiName(SimStatus status) => status switch
    {
        SimStatus.Unknown => "not registered",
        SimStatus.Inventory => "INVENTORY",
        SimStatus.TestReady => "TEST_READY",
        SimStatus.ActivationReady => "ACTIVATION_READY",
        SimStatus.Activated => "ACTIVATED",
        SimStatus.Deactivated => "DEACTIVATED",
        SimStatus.Retired => "RETIRED",
        SimStatus.Purged => "PURGED",
        _ => status.ToString(),
    };

    /// <summary>The order kind as the API spells it: simSwap.</summary>
    public static string ApiName(OrderKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>The order state as the API spells it (TMF622): inProgress.</summary>
    public static string ApiName(OrderState state)
    {
        var name = state.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
