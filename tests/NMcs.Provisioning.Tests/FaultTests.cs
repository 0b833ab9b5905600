using Microsoft.Extensions.Time.Testing;
using NMcs.Provisioning.Contracts;
using NMcs.Provisioning.Tests.Support;

namespace NMcs.Provisioning.Tests;

/// <summary>
/// Each simulator fault kind through the gateway: the outcome, the attempts and the HLR table afterwards. Every test
/// first opens and logs in the pooled connection, so an armed fault hits the command under test, not the login.
/// </summary>
[Trait("Category", "Faults")]
public sealed class FaultTests
{
    private const string Msisdn = "491700000001";
    private const string Imsi = "262010000000001";

    private static readonly SubscriberCommand Create = new(SubscriberAction.Create, Msisdn, Imsi, Profile: 5);

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task A_dropped_command_is_sent_again_on_a_new_connection_and_runs_once(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        await hlr.FaultAsync("DROP:COUNT,1");

        var reply = await gateway.ExecuteAsync(id, Create);

        Assert.Equal((NeOutcome.Succeeded, 2), (reply.Outcome, reply.Attempts));
        Assert.Equal([new HlrRow(Msisdn, Imsi, 5, "ACTIVE")], hlr.Subscribers);
        Assert.True(ProvisioningMetrics.Retries.WithLabels(id).Value >= 1);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Drops_on_every_attempt_end_unknown_and_the_command_did_not_run(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        await hlr.FaultAsync("DROP:COUNT,100");

        var reply = await gateway.ExecuteAsync(id, Create);

        Assert.Equal((NeOutcome.Unknown, 4), (reply.Outcome, reply.Attempts));
        Assert.Null(reply.Code);
        Assert.Contains("after 4 attempt(s)", reply.Message, StringComparison.Ordinal);
        Assert.Empty(hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task A_create_whose_reply_was_lost_is_answered_already_exists_and_verified_by_a_read(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        await hlr.FaultAsync("LOSEREPLY:COUNT,1");

        var reply = await gateway.ExecuteAsync(id, Create);

        Assert.Equal((NeOutcome.Succeeded, 0, 2), (reply.Outcome, reply.Code, reply.Attempts));
        Assert.Contains("MSISDN already exists", reply.Message, StringComparison.Ordinal);
        Assert.Equal([new HlrRow(Msisdn, Imsi, 5, "ACTIVE")], hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task A_delete_whose_reply_was_lost_is_answered_does_not_exist_and_verified_by_a_read(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        Assert.True((await gateway.ExecuteAsync(id, Create)).Succeeded);
        await hlr.FaultAsync("LOSEREPLY:COUNT,1");

        var reply = await gateway.ExecuteAsync(id, new SubscriberCommand(SubscriberAction.Delete, Msisdn));

        Assert.Equal((NeOutcome.Succeeded, 2), (reply.Outcome, reply.Attempts));
        Assert.Empty(hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task A_sim_swap_whose_reply_was_lost_ends_succeeded(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        Assert.True((await gateway.ExecuteAsync(id, Create)).Succeeded);
        await hlr.FaultAsync("LOSEREPLY:COUNT,1");

        var reply = await gateway.ExecuteAsync(id, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Imsi: "262010000000077", Barred: true));

        Assert.Equal((NeOutcome.Succeeded, 2), (reply.Outcome, reply.Attempts));
        Assert.Equal([new HlrRow(Msisdn, "262010000000077", 5, "BARRED")], hlr.Subscribers);
    }

    [Fact]
    public async Task A_create_rejected_after_a_lost_reply_stays_rejected_when_the_record_is_someone_elses()
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, NeProtocol.Cai);
        await using var _ = gateway;
        Assert.True((await gateway.ExecuteAsync(id, Create)).Succeeded);

        // The first attempt is dropped (outcome unknown); the retry is answered 3002, but the record the read finds has
        // another IMSI, so it is someone else's and the rejection stands.
        await hlr.FaultAsync("DROP:COUNT,1");
        var reply = await gateway.ExecuteAsync(id, Create with { Imsi = "262010000000099" });

        Assert.Equal((NeOutcome.Rejected, 3002, 2), (reply.Outcome, reply.Code, reply.Attempts));
        Assert.Equal([new HlrRow(Msisdn, Imsi, 5, "ACTIVE")], hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task A_reply_delayed_beyond_the_command_timeout_is_abandoned_and_the_retry_succeeds(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol, commandTimeout: TimeSpan.FromMilliseconds(150));
        await using var _ = gateway;
        await hlr.FaultAsync("DELAY:MS,1000:COUNT,1");

        var reply = await gateway.ExecuteAsync(id, Create);

        // The delayed attempt runs late on the element and is then answered "already exists" to nobody; either way
        // there is exactly one record.
        Assert.Equal(NeOutcome.Succeeded, reply.Outcome);
        Assert.True(reply.Attempts >= 2, reply.Message);
        Assert.Equal([new HlrRow(Msisdn, Imsi, 5, "ACTIVE")], hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Replies_delayed_on_every_attempt_end_unknown_and_the_command_may_still_run(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol, maxRetries: 1, commandTimeout: TimeSpan.FromMilliseconds(150));
        await using var _ = gateway;
        await hlr.FaultAsync("DELAY:MS,400:COUNT,2");

        var reply = await gateway.ExecuteAsync(id, Create);

        Assert.Equal((NeOutcome.Unknown, 2), (reply.Outcome, reply.Attempts));
        Assert.Contains("command timeout", reply.Message, StringComparison.Ordinal);

        // Unknown means "may have run": the first delayed create does run on the element.
        await WaitUntilAsync(() => hlr.Subscribers.Count == 1);
        Assert.Equal([new HlrRow(Msisdn, Imsi, 5, "ACTIVE")], hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task A_garbage_reply_discards_the_connection_and_the_retry_succeeds(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        await hlr.FaultAsync("GARBAGE:COUNT,1");

        var reply = await gateway.ExecuteAsync(id, Create);

        Assert.Equal((NeOutcome.Succeeded, 2), (reply.Outcome, reply.Attempts));
        Assert.Equal([new HlrRow(Msisdn, Imsi, 5, "ACTIVE")], hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task Garbage_on_every_attempt_ends_unknown_naming_the_unparseable_reply(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        await hlr.FaultAsync("GARBAGE:COUNT,100");

        var reply = await gateway.ExecuteAsync(id, Create);

        Assert.Equal((NeOutcome.Unknown, 4), (reply.Outcome, reply.Attempts));
        Assert.Contains("unparseable", reply.Message, StringComparison.Ordinal);
        Assert.Empty(hlr.Subscribers);
    }

    [Theory]
    [InlineData(NeProtocol.Cai)]
    [InlineData(NeProtocol.Mml)]
    public async Task An_error_code_is_a_rejection_that_is_not_retried(NeProtocol protocol)
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var (gateway, id) = await WarmGatewayAsync(hlr, protocol);
        await using var _ = gateway;
        await hlr.FaultAsync("ERROR:CODE,5001:COUNT,1");

        var reply = await gateway.ExecuteAsync(id, Create);

        Assert.Equal((NeOutcome.Rejected, 5001, 1), (reply.Outcome, reply.Code, reply.Attempts));
        Assert.Contains("Operation failed", reply.Message, StringComparison.Ordinal);
        Assert.Empty(hlr.Subscribers);
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_transport_failures_and_lets_traffic_through_after_the_break()
    {
        await using var hlr = await SimulatedHlr.StartAsync();
        var clock = new FakeTimeProvider();
        var element = Elements.For(hlr, NeProtocol.Cai);
        element.MaxRetries = 0;
        element.BreakerFailureRatio = 0.5;
        element.BreakerMinimumThroughput = 2;
        element.BreakerSamplingDuration = TimeSpan.FromSeconds(10);
        element.BreakerBreakDuration = TimeSpan.FromSeconds(5);
        await using var gateway = new ProvisioningGateway([element], Elements.HlrFactories, clock);
        await hlr.FaultAsync("DROP:COUNT,2");

        var first = await gateway.ExecuteAsync(element.Id, Create);
        var second = await gateway.ExecuteAsync(element.Id, Create);
        var refused = await gateway.ExecuteAsync(element.Id, Create);

        Assert.Equal((NeOutcome.Unknown, 1), (first.Outcome, first.Attempts));
        Assert.Equal((NeOutcome.Unknown, 1), (second.Outcome, second.Attempts));
        Assert.Equal((NeOutcome.Unknown, 0), (refused.Outcome, refused.Attempts));
        Assert.Contains("circuit open", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not sent", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, ProvisioningMetrics.CircuitOpen.WithLabels(element.Id).Value);
        Assert.Empty(hlr.Subscribers);

        clock.Advance(TimeSpan.FromSeconds(5));
        var afterBreak = await gateway.ExecuteAsync(element.Id, Create);

        Assert.Equal((NeOutcome.Succeeded, 1), (afterBreak.Outcome, afterBreak.Attempts));
        Assert.Equal(0, ProvisioningMetrics.CircuitOpen.WithLabels(element.Id).Value);
        Assert.Equal([new HlrRow(Msisdn, Imsi, 5, "ACTIVE")], hlr.Subscribers);
    }

    [Fact]
    public async Task A_refused_connection_is_unknown_not_an_exception()
    {
        var element = new NetworkElementOptions
        {
            Id = Elements.NewId(),
            Protocol = NeProtocol.Mml,
            Port = 1,
            User = "nmcs",
            Password = "nmcs",
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.Zero,
        };
        await using var gateway = Elements.Gateway(element);

        var reply = await gateway.ExecuteAsync(element.Id, Create);

        Assert.Equal((NeOutcome.Unknown, 2), (reply.Outcome, reply.Attempts));
        Assert.Contains("127.0.0.1:1", reply.Message, StringComparison.Ordinal);
    }

    private static async Task<(ProvisioningGateway Gateway, string Id)> WarmGatewayAsync(
        SimulatedHlr hlr,
        NeProtocol protocol,
        int maxRetries = 3,
        TimeSpan? commandTimeout = null)
    {
        var element = Elements.For(hlr, protocol);
        element.MaxRetries = maxRetries;
        element.CommandTimeout = commandTimeout ?? element.CommandTimeout;
        var gateway = Elements.Gateway(element);
        var warm = await gateway.ExecuteAsync(element.Id, new SubscriberCommand(SubscriberAction.Get, "491799999999"));
        Assert.Equal((NeOutcome.Rejected, 3001), (warm.Outcome, warm.Code));
        return (gateway, element.Id);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
