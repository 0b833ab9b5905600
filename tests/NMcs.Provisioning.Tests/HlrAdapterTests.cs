using NMcs.Provisioning.Contracts;
using NMcs.Provisioning.Tests.Support;

namespace NMcs.Provisioning.Tests;

/// <summary>The CAI and MML adapters through the gateway against a real HLR simulator.</summary>
public sealed class HlrAdapterTests
{
    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Create_modify_swap_bar_read_and_delete_reach_the_hlr_table(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var element = Elements.For(hlr, protocol);
        await using var gateway = Elements.Gateway(element);

        var created = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000001", "262010000000001", Apn: "iot.example"));
        Assert.Equal(NeOutcome.Succeeded, created.Outcome);
        Assert.Equal(0, created.Code);
        Assert.Equal(1, created.Attempts);
        Assert.Equal(new HlrRow("491700000001", "262010000000001", 0, "ACTIVE"), hlr.Row("491700000001"));

        var profiled = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Modify, "491700000001", Profile: 7));
        Assert.True(profiled.Succeeded, profiled.Message);
        var swapped = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Modify, "491700000001", Imsi: "262010000000002"));
        Assert.True(swapped.Succeeded, swapped.Message);
        var barred = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Modify, "491700000001", Barred: true));
        Assert.True(barred.Succeeded, barred.Message);
        Assert.Equal(new HlrRow("491700000001", "262010000000002", 7, "BARRED"), hlr.Row("491700000001"));

        var read = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Get, "491700000001"));
        Assert.True(read.Succeeded, read.Message);
        Assert.Equal(new NeSubscriber("491700000001", "262010000000002", 7, true), read.Subscriber);

        var resumed = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Modify, "491700000001", Profile: 3, Barred: false));
        Assert.True(resumed.Succeeded, resumed.Message);
        Assert.Equal(new HlrRow("491700000001", "262010000000002", 3, "ACTIVE"), hlr.Row("491700000001"));

        var deleted = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Delete, "491700000001"));
        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Empty(hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Create_with_profile_and_bar_sets_both(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var element = Elements.For(hlr, protocol);
        await using var gateway = Elements.Gateway(element);

        var created = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000009", "262010000000009", Profile: 42, Barred: true));

        Assert.True(created.Succeeded, created.Message);
        Assert.Equal(new HlrRow("491700000009", "262010000000009", 42, "BARRED"), hlr.Row("491700000009"));
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Rejections_carry_the_element_code_and_its_meaning_and_change_nothing(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var element = Elements.For(hlr, protocol);
        await using var gateway = Elements.Gateway(element);
        await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000001", "262010000000001"));
        await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000002", "262010000000002"));
        var before = hlr.Subscribers;

        var duplicate = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000001", "262010000000003"));
        var missing = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Delete, "491700000099"));
        var missingRead = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Get, "491700000099"));
        var imsiInUse = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Modify, "491700000001", Imsi: "262010000000002"));
        var badProfile = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Modify, "491700000001", Profile: 10000));

        Assert.Equal((NeOutcome.Rejected, 3002, 1), (duplicate.Outcome, duplicate.Code, duplicate.Attempts));
        Assert.Contains("MSISDN already exists", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal((NeOutcome.Rejected, 3001), (missing.Outcome, missing.Code));
        Assert.Contains("Subscriber does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Equal((NeOutcome.Rejected, 3001), (missingRead.Outcome, missingRead.Code));
        Assert.Equal((NeOutcome.Rejected, 3003), (imsiInUse.Outcome, imsiInUse.Code));
        Assert.Contains("IMSI already exists", imsiInUse.Message, StringComparison.Ordinal);
        Assert.Equal((NeOutcome.Rejected, 1004), (badProfile.Outcome, badProfile.Code));
        Assert.Equal(before, hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Apn_and_static_ip_are_not_hlr_data_and_a_modify_of_only_those_is_not_sent(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var element = Elements.For(hlr, protocol);
        await using var gateway = Elements.Gateway(element);
        await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000001", "262010000000001", StaticIp: "10.0.0.1"));
        await hlr.FaultAsync("ERROR:CODE,5001");

        var reply = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Modify, "491700000001", Apn: "other.apn", StaticIp: ""));

        // The armed fault would have hit anything sent.
        Assert.True(reply.Succeeded, reply.Message);
        Assert.Contains("not sent", reply.Message, StringComparison.Ordinal);
        Assert.Equal(new HlrRow("491700000001", "262010000000001", 0, "ACTIVE"), hlr.Row("491700000001"));
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Values_that_could_split_a_command_are_refused_without_sending(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var element = Elements.For(hlr, protocol);
        await using var gateway = Elements.Gateway(element);

        var reply = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "4917;DELETE:HLRSUB:MSISDN,1", "262010000000001"));

        Assert.Equal(NeOutcome.Rejected, reply.Outcome);
        Assert.Null(reply.Code);
        Assert.Contains("digits only", reply.Message, StringComparison.Ordinal);
        Assert.Empty(hlr.Subscribers);
    }

    [Fact]
    public async Task Wrong_password_is_an_unknown_outcome_that_names_the_fix()
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var element = Elements.For(hlr, NeProtocol.Mml);
        element.Password = "wrong";
        element.MaxRetries = 0;
        await using var gateway = Elements.Gateway(element);

        var reply = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Get, "491700000001"));

        Assert.Equal(NeOutcome.Unknown, reply.Outcome);
        Assert.Contains("login as 'nmcs' refused with code 1002", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_pool_size_connections_carry_50_concurrent_commands()
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        await using var proxy = new ConnectionCountingProxy(hlr.Port);
        var element = Elements.For(hlr, NeProtocol.Cai, poolSize: 4);
        element.Port = proxy.Port;
        element.CommandTimeout = TimeSpan.FromSeconds(10);
        await using var gateway = Elements.Gateway(element);

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => gateway.ExecuteAsync(
            element.Id,
            new SubscriberCommand(SubscriberAction.Create, $"4917{i:D8}", $"26201{i:D10}"))));

        Assert.All(replies, r => Assert.True(r.Succeeded, r.Message));
        Assert.Equal(50, hlr.Subscribers.Count);
        Assert.InRange(proxy.MaxOpen, 1, 4);
        Assert.InRange(proxy.Accepted, 1, 4);
    }

    [Fact]
    public async Task Metrics_count_commands_by_element_and_outcome()
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var element = Elements.For(hlr, NeProtocol.Cai);
        await using var gateway = Elements.Gateway(element);

        await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000001", "262010000000001"));
        await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Create, "491700000001", "262010000000001"));

        Assert.Equal(1, ProvisioningMetrics.Commands.WithLabels(element.Id, "succeeded").Value);
        Assert.Equal(1, ProvisioningMetrics.Commands.WithLabels(element.Id, "rejected").Value);
        Assert.Equal(2, ProvisioningMetrics.CommandDuration.WithLabels(element.Id).Count);
        Assert.Equal(0, ProvisioningMetrics.CircuitOpen.WithLabels(element.Id).Value);
    }
}
