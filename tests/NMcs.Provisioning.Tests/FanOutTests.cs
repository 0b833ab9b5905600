using NMcs.Provisioning.Adapters.Hlr;
using NMcs.Provisioning.Contracts;
using NMcs.Provisioning.Tests.Support;

namespace NMcs.Provisioning.Tests;

/// <summary>Fan-out over two HLR simulators (one CAI, one MML) with compensation.</summary>
public sealed class FanOutTests
{
    private const string Msisdn = "491700000001";
    private const string Imsi = "262010000000001";

    private static readonly SubscriberCommand Create = new(SubscriberAction.Create, Msisdn, Imsi);
    private static readonly SubscriberCommand Delete = new(SubscriberAction.Delete, Msisdn);

    [Fact]
    public async Task All_steps_succeeding_complete_without_compensation()
    {
        await using var first = await SimulatedHlr.StartAsync();
        await using var second = await SimulatedHlr.StartAsync();
        var a = Elements.For(first, NeProtocol.Cai);
        var b = Elements.For(second, NeProtocol.Mml);
        await using var gateway = Elements.Gateway(a, b);

        var result = await gateway.FanOutAsync(CreateOnBoth(a, b));

        Assert.Equal(FanOutStatus.Completed, result.Status);
        Assert.Equal(2, result.Steps.Count);
        Assert.Empty(result.Compensations);
        Assert.Null(result.FailedStep);
        Assert.Single(first.Subscribers);
        Assert.Single(second.Subscribers);
    }

    [Fact]
    public async Task A_rejected_second_step_compensates_the_first()
    {
        await using var first = await SimulatedHlr.StartAsync();
        await using var second = await SimulatedHlr.StartAsync();
        var a = Elements.For(first, NeProtocol.Cai);
        var b = Elements.For(second, NeProtocol.Mml);
        await using var gateway = Elements.Gateway(a, b);
        Assert.True((await gateway.ExecuteAsync(b.Id, Create with { Imsi = "262010000000002" })).Succeeded);

        var result = await gateway.FanOutAsync(CreateOnBoth(a, b));

        Assert.Equal(FanOutStatus.Failed, result.Status);
        Assert.Equal([NeOutcome.Succeeded, NeOutcome.Rejected], result.Steps.Select(s => s.Outcome));
        Assert.Equal((b.Id, 3002), (result.FailedStep!.ElementId, result.FailedStep.Code));
        var compensation = Assert.Single(result.Compensations);
        Assert.Equal((a.Id, NeOutcome.Succeeded), (compensation.ElementId, compensation.Outcome));
        Assert.Empty(first.Subscribers);
        Assert.Equal([new HlrRow(Msisdn, "262010000000002", 0, "ACTIVE")], second.Subscribers);
    }

    [Fact]
    public async Task A_compensation_that_fails_leaves_the_fan_out_partial()
    {
        await using var first = await SimulatedHlr.StartAsync();
        await using var second = await SimulatedHlr.StartAsync();
        var a = Elements.For(first, NeProtocol.Cai);
        var b = Elements.For(second, NeProtocol.Mml);

        // Just before the second element is asked, the first one starts refusing its next command (the undo).
        var factories = Elements.HlrFactories.Select(f => new HookedAdapterFactory(f, async (element, command) =>
        {
            if (element == b.Id && command.Action == SubscriberAction.Create)
            {
                await first.FaultAsync("ERROR:CODE,5001:COUNT,1");
            }
        }));
        await using var gateway = new ProvisioningGateway([a, b], factories);
        Assert.True((await gateway.ExecuteAsync(b.Id, Create with { Imsi = "262010000000002" })).Succeeded);

        var result = await gateway.FanOutAsync(CreateOnBoth(a, b));

        Assert.Equal(FanOutStatus.Partial, result.Status);
        Assert.Equal(3002, result.FailedStep!.Code);
        var compensation = Assert.Single(result.Compensations);
        Assert.Equal((a.Id, NeOutcome.Rejected, 5001), (compensation.ElementId, compensation.Outcome, compensation.Code));
        Assert.Equal([new HlrRow(Msisdn, Imsi, 0, "ACTIVE")], first.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task A_delete_refused_after_a_dropped_attempt_is_not_taken_as_done_when_the_read_is_refused_for_another_reason(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var a = Elements.For(hlr, protocol, poolSize: 2);
        await using (var setup = Elements.Gateway(a))
        {
            Assert.True((await setup.ExecuteAsync(a.Id, Create)).Succeeded);
        }

        // The first delete is dropped (not run, outcome unknown); the retry and the read that checks it are both refused
        // with a system error (5005). Only "no such subscriber" proves the record gone, so the delete stays refused.
        var deletes = 0;
        var factories = Elements.HlrFactories.Select(f => new HookedAdapterFactory(f, async (_, command) =>
        {
            if (command.Action == SubscriberAction.Delete && ++deletes == 1)
            {
                await hlr.FaultAsync("DROP:COUNT,1");
            }
            else if (command.Action == SubscriberAction.Delete)
            {
                await hlr.FaultAsync("ERROR:CODE,5005:COUNT,2");
            }
        }));
        await using var gateway = new ProvisioningGateway([a], factories);

        // Both pooled connections open and logged in, so the retry runs on the second one without a new login.
        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gateway.ExecuteAsync(a.Id, new SubscriberCommand(SubscriberAction.Get, Msisdn))));
        Assert.All(reads, r => Assert.True(r.Succeeded));

        var reply = await gateway.ExecuteAsync(a.Id, Delete);

        Assert.Equal((NeOutcome.Rejected, 5005), (reply.Outcome, reply.Code));
        Assert.Equal([new HlrRow(Msisdn, Imsi, 0, "ACTIVE")], hlr.Subscribers);
    }

    [Fact]
    public async Task A_step_with_an_unknown_outcome_is_compensated_too()
    {
        await using var first = await SimulatedHlr.StartAsync();
        await using var second = await SimulatedHlr.StartAsync();
        var a = Elements.For(first, NeProtocol.Cai);
        var b = Elements.For(second, NeProtocol.Mml);
        b.MaxRetries = 1;
        await using var gateway = Elements.Gateway(a, b);
        Assert.Equal(NeOutcome.Rejected, (await gateway.ExecuteAsync(b.Id, new SubscriberCommand(SubscriberAction.Get, Msisdn))).Outcome);

        // The create runs on the second element but its reply is lost, and so is the retry's login reply.
        await second.FaultAsync("LOSEREPLY:COUNT,2");
        var result = await gateway.FanOutAsync(CreateOnBoth(a, b));

        Assert.Equal(FanOutStatus.Failed, result.Status);
        Assert.Equal([NeOutcome.Succeeded, NeOutcome.Unknown], result.Steps.Select(s => s.Outcome));
        Assert.Equal([b.Id, a.Id], result.Compensations.Select(c => c.ElementId));
        Assert.All(result.Compensations, c => Assert.True(c.Succeeded, c.Message));
        Assert.Empty(first.Subscribers);
        Assert.Empty(second.Subscribers);
    }

    [Fact]
    public async Task An_unknown_step_whose_command_never_ran_is_compensated_as_done()
    {
        await using var first = await SimulatedHlr.StartAsync();
        await using var second = await SimulatedHlr.StartAsync();
        var a = Elements.For(first, NeProtocol.Cai);
        var b = Elements.For(second, NeProtocol.Mml);
        b.MaxRetries = 1;
        await using var gateway = Elements.Gateway(a, b);

        // Both attempts' logins are dropped: nothing ran, so the undo's delete is answered 3001, which a read confirms.
        await second.FaultAsync("DROP:COUNT,2");
        var result = await gateway.FanOutAsync(CreateOnBoth(a, b));

        Assert.Equal(FanOutStatus.Failed, result.Status);
        Assert.All(result.Compensations, c => Assert.True(c.Succeeded, c.Message));
        Assert.Empty(first.Subscribers);
        Assert.Empty(second.Subscribers);
    }

    [Fact]
    public async Task Unknown_element_ids_are_refused_before_any_step_runs()
    {
        await using var first = await SimulatedHlr.StartAsync();
        var a = Elements.For(first, NeProtocol.Cai);
        await using var gateway = Elements.Gateway(a);

        await Assert.ThrowsAsync<ArgumentException>(() => gateway.FanOutAsync([new(a.Id, Create, Delete), new("nowhere", Create, Delete)]));
        await Assert.ThrowsAsync<ArgumentException>(() => gateway.ExecuteAsync("nowhere", Create));
        Assert.Empty(first.Subscribers);
    }

    [Fact]
    public void Elements_are_found_by_role()
    {
        var hlr = new NetworkElementOptions { Id = "hlr-1", Port = 7023, User = "u", Password = "p", Roles = { "hlr", "hss" } };
        var other = new NetworkElementOptions { Id = "hlr-2", Protocol = NeProtocol.Mml, Port = 7024, User = "u", Password = "p", Roles = { "HLR" } };
        var gateway = new ProvisioningGateway([hlr, other], [new CaiAdapterFactory(), new MmlAdapterFactory()]);

        Assert.Equal(["hlr-1", "hlr-2"], gateway.ElementsWithRole("hlr"));
        Assert.Equal(["hlr-1"], gateway.ElementsWithRole("hss"));
        Assert.Empty(gateway.ElementsWithRole("pgw"));
    }

    // The fan-out most tests run: a create on each element, each undone by a delete.
    private static ProvisioningStep[] CreateOnBoth(NetworkElementOptions a, NetworkElementOptions b) =>
        [new(a.Id, Create, Delete), new(b.Id, Create, Delete)];
}
