using Microsoft.Extensions.Configuration;
using NMcs.Abstractions.Contracts;
using NMcs.Grains.Orders;
using NMcs.Provisioning.Contracts;

namespace NMcs.IntegrationTests.Orders;

/// <summary>The pure parts of orders: network steps per kind, the resume check, settings and payload hashes.</summary>
public sealed class OrderPlanTests
{
    private static readonly SimInfo Active = new("89494000000000000018", "262010000000001", "491700000001", SimStatus.Activated, "C", null);

    private static IReadOnlyList<string> Roles(string role) => role switch
    {
        "hlr" => ["hlr-1"],
        "hss" => ["hss-1"],
        "pgw" => ["pgw-1"],
        _ => [],
    };

    [Theory]
    [InlineData(OrderKind.Suspend, SubscriberAction.Modify, true)]
    [InlineData(OrderKind.Resume, SubscriberAction.Modify, false)]
    [InlineData(OrderKind.Terminate, SubscriberAction.Delete, null)]
    public void Subscriber_orders_go_to_every_hlr_and_hss_with_their_undo(OrderKind kind, SubscriberAction action, bool? barred)
    {
        var steps = OrderNetworkPlan.Build(new OrderItemRequest("1", kind, Active.Iccid), Active, null, Roles);

        Assert.Equal(["hlr-1", "hss-1"], steps.Select(s => s.ElementId));
        Assert.All(steps, s => Assert.Equal((action, barred, Active.Msisdn), (s.Command.Action, s.Command.Barred, s.Command.Msisdn)));
        Assert.All(steps, s => Assert.NotNull(s.Compensation));
        Assert.Equal(["hss-1", "hlr-1"], OrderNetworkPlan.Undo(steps).Select(s => s.ElementId));
    }

    [Fact]
    public void Apn_goes_to_the_pgw_and_plan_changes_need_no_element()
    {
        // The first APN opens the session record on the PGW (undone by deleting it); a later one changes it.
        var first = Assert.Single(OrderNetworkPlan.Build(new OrderItemRequest("1", OrderKind.AssignApn, Active.Iccid, Apn: "iot.example"), Active, null, Roles));
        Assert.Equal(("pgw-1", SubscriberAction.Create, Active.Imsi, "iot.example", SubscriberAction.Delete), (first.ElementId, first.Command.Action, first.Command.Imsi, first.Command.Apn, first.Compensation!.Action));
        var withApn = new SimProvisioningInfo(Active.Iccid, "iot.example", null, null, null, 0, 0, 0, null, null, null, null);
        var next = Assert.Single(OrderNetworkPlan.Build(new OrderItemRequest("1", OrderKind.AssignApn, Active.Iccid, Apn: "m2m.example"), Active, withApn, Roles));
        Assert.Equal((SubscriberAction.Modify, "m2m.example", "iot.example"), (next.Command.Action, next.Command.Apn, next.Compensation!.Apn));

        // With a session open, suspend, SIM swap and terminate reach the PGW too.
        Assert.Contains(OrderNetworkPlan.Build(new OrderItemRequest("1", OrderKind.Suspend, Active.Iccid), Active, withApn, Roles), s => s.ElementId == "pgw-1" && s.Command.Barred == true);
        Assert.Contains(OrderNetworkPlan.Build(new OrderItemRequest("1", OrderKind.Terminate, Active.Iccid), Active, withApn, Roles), s => s.ElementId == "pgw-1" && s.Command.Action == SubscriberAction.Delete && s.Compensation!.Apn == "iot.example");
        Assert.DoesNotContain(OrderNetworkPlan.Build(new OrderItemRequest("1", OrderKind.Terminate, Active.Iccid), Active, null, Roles), s => s.ElementId == "pgw-1");
        Assert.Empty(OrderNetworkPlan.Build(new OrderItemRequest("1", OrderKind.ChangePlan, Active.Iccid, "P"), Active, null, Roles));
        Assert.Empty(OrderNetworkPlan.Build(new OrderItemRequest("1", OrderKind.Suspend, Active.Iccid), Active, null, _ => []));
    }

    [Fact]
    public void A_resumed_step_is_skipped_only_when_the_element_shows_it_in_effect()
    {
        var create = new SubscriberCommand(SubscriberAction.Create, "491700000001", "262010000000001");
        var bar = new SubscriberCommand(SubscriberAction.Modify, "491700000001", Barred: true);
        var delete = new SubscriberCommand(SubscriberAction.Delete, "491700000001");
        var record = new NeReply("hlr-1", NeOutcome.Succeeded, 0, "ok", new NeSubscriber("491700000001", "262010000000001", 1, false));
        var missing = new NeReply("hlr-1", NeOutcome.Rejected, 4, "no such subscriber") { NoSuchSubscriber = true };
        var systemError = new NeReply("hlr-1", NeOutcome.Rejected, 5005, "system error");

        Assert.True(OrderNetworkPlan.InEffect(create, record));
        Assert.False(OrderNetworkPlan.InEffect(create, missing));
        Assert.False(OrderNetworkPlan.InEffect(bar, record));
        Assert.True(OrderNetworkPlan.InEffect(bar, record with { Subscriber = record.Subscriber! with { Barred = true } }));
        Assert.True(OrderNetworkPlan.InEffect(delete, missing));
        Assert.False(OrderNetworkPlan.InEffect(delete, record));

        // A read refused for another reason proves nothing about the record: the delete is sent again.
        Assert.False(OrderNetworkPlan.InEffect(delete, systemError));
    }

    [Fact]
    public void Settings_are_read_from_configuration_and_wrong_values_name_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NMcs:Sim:TestQuota:DataMb"] = "0.5",
            ["NMcs:Sim:TestQuota:Sms"] = "5",
            ["NMcs:Sim:AfterTest"] = "ACTIVATED",
            ["NMcs:Orders:Concurrency"] = "8",
        }).Build();

        var options = SimLifecycleOptions.From(configuration);

        Assert.Equal((524_288m, 5m, 60m, SimStatus.Activated, 8), (options.TestDataBytes, options.TestSms, options.TestVoiceSeconds, options.AfterTest, options.OrderConcurrency));
        var wrong = Assert.Throws<InvalidOperationException>(() => SimLifecycleOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["NMcs:Sim:AfterTest"] = "Retired" }).Build()));
        Assert.Contains("NMcs:Sim:AfterTest", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_payload_hash_ignores_who_and_when_but_not_what()
    {
        var item = new OrderItemRequest("1", OrderKind.Activate, Active.Iccid, "P");
        var hash = OrderItemRules.Hash(new OrderRequest("a", [item], "k"));

        Assert.Equal(hash, OrderItemRules.Hash(new OrderRequest("b", [item], "k")));
        Assert.NotEqual(hash, OrderItemRules.Hash(new OrderRequest("a", [item with { ProductVersion = 2 }], "k")));
    }

    [Fact]
    public void Every_state_has_a_way_out_except_purged_and_the_table_has_no_duplicates()
    {
        var from = SimLifecycle.Transitions.Select(t => t.From).ToHashSet();
        Assert.Equal(Enum.GetValues<SimStatus>().Where(s => s is not (SimStatus.Unknown or SimStatus.Purged)).ToHashSet(), from);
        Assert.Equal(SimLifecycle.Transitions.Count, SimLifecycle.Transitions.Select(t => (t.From, t.Kind)).Distinct().Count());
    }
}
