using NMcs.Provisioning.Adapters.Spml;
using NMcs.Provisioning.Contracts;
using NMcs.Simulators.Hss;

namespace NMcs.Provisioning.Tests;

public sealed class SpmlAdapterTests : IAsyncLifetime
{
    private const string Msisdn = "491700000001";
    private const string Imsi = "262010000000001";
    private readonly HssSimulator _hss = new();

    public Task InitializeAsync() => _hss.StartAsync();

    public Task DisposeAsync() => _hss.DisposeAsync().AsTask();

    [Theory]
    [InlineData(SpmlAuthentication.Basic, SpmlExecutionMode.Synchronous)]
    [InlineData(SpmlAuthentication.UsernameToken, SpmlExecutionMode.Synchronous)]
    [InlineData(SpmlAuthentication.Basic, SpmlExecutionMode.Asynchronous)]
    public async Task Create_modify_swap_bar_get_delete(SpmlAuthentication authentication, SpmlExecutionMode mode)
    {
        await using var adapter = Adapter(new SpmlAdapterOptions { Authentication = authentication, ExecutionMode = mode, StatusPollInterval = TimeSpan.FromMilliseconds(5) });

        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi, Profile: 3, Apn: "internet"));
        Assert.Equal([new HssSubscriber(Msisdn, Imsi, 3, false, "internet")], _hss.Subscribers);

        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Profile: 7));
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Imsi: "262010000000009"));
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Barred: true));
        Assert.Equal([new HssSubscriber(Msisdn, "262010000000009", 7, true, "internet")], _hss.Subscribers);

        var got = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        Assert.Equal(NeOutcome.Succeeded, got.Outcome);
        Assert.Equal(new NeSubscriber(Msisdn, "262010000000009", 7, true, "internet"), got.Subscriber);

        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Barred: false));
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Delete, Msisdn));
        Assert.Empty(_hss.Subscribers);
    }

    [Fact]
    public async Task Refusals_come_back_rejected_with_the_spml_code()
    {
        await using var adapter = Adapter();
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi));
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Create, "491700000002", "262010000000002"));

        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Create, Msisdn, "262010000000003"), SpmlErrorCodes.AlreadyExists);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Modify, "491700000002", Imsi: Imsi), SpmlErrorCodes.AlreadyExists);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Modify, "491700000009", Profile: 1), SpmlErrorCodes.NoSuchIdentifier);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Get, "491700000009"), SpmlErrorCodes.NoSuchIdentifier);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Delete, "491700000009"), SpmlErrorCodes.NoSuchIdentifier);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Get, "49x"), SpmlErrorCodes.InvalidIdentifier);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Create, "491700000003"), SpmlErrorCodes.MalformedRequest);

        Assert.Equal([Msisdn, "491700000002"], _hss.Subscribers.Select(s => s.Msisdn));
        Assert.Equal(Imsi, _hss.Subscribers[0].Imsi);
    }

    [Fact]
    public async Task A_modify_with_no_field_the_hss_keeps_is_a_local_no_op()
    {
        await using var adapter = Adapter();

        var reply = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Modify, Msisdn, StaticIp: "10.0.0.1"), default);

        Assert.Equal(NeOutcome.Succeeded, reply.Outcome);
        Assert.Empty(_hss.Subscribers);
    }

    [Theory]
    [InlineData(SpmlAuthentication.Basic)]
    [InlineData(SpmlAuthentication.UsernameToken)]
    public async Task Wrong_credentials_are_rejected_with_401_and_nothing_runs(SpmlAuthentication authentication)
    {
        await using var adapter = Adapter(new SpmlAdapterOptions { Authentication = authentication }, password: "wrong");

        var reply = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi), default);

        Assert.Equal(NeOutcome.Rejected, reply.Outcome);
        Assert.Equal(SpmlErrorCodes.AuthenticationFailed, reply.Code);
        Assert.Empty(_hss.Subscribers);
    }

    [Theory]
    [InlineData(SpmlBatchOnError.Exit, SpmlExecutionMode.Synchronous)]
    [InlineData(SpmlBatchOnError.Resume, SpmlExecutionMode.Synchronous)]
    [InlineData(SpmlBatchOnError.Exit, SpmlExecutionMode.Asynchronous)]
    public async Task Batch_returns_one_reply_per_command_and_exit_stops_at_the_first_failure(SpmlBatchOnError onError, SpmlExecutionMode mode)
    {
        await using var adapter = (SpmlAdapter)Adapter(new SpmlAdapterOptions { ExecutionMode = mode, StatusPollInterval = TimeSpan.FromMilliseconds(5) });

        var replies = await adapter.ExecuteBatchAsync(
            [
                new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi),
                new SubscriberCommand(SubscriberAction.Create, Msisdn, "262010000000002"),
                new SubscriberCommand(SubscriberAction.Modify, Msisdn, StaticIp: "10.0.0.1"),
                new SubscriberCommand(SubscriberAction.Create, "491700000003", "262010000000003"),
            ],
            onError,
            default);

        Assert.Equal(4, replies.Count);
        Assert.Equal(NeOutcome.Succeeded, replies[0].Outcome);
        Assert.Equal((NeOutcome.Rejected, SpmlErrorCodes.AlreadyExists), (replies[1].Outcome, replies[1].Code));
        Assert.Equal(NeOutcome.Succeeded, replies[2].Outcome);
        if (onError == SpmlBatchOnError.Exit)
        {
            Assert.Equal((NeOutcome.Rejected, (int?)null), (replies[3].Outcome, replies[3].Code));
            Assert.Equal([Msisdn], _hss.Subscribers.Select(s => s.Msisdn));
        }
        else
        {
            Assert.Equal(NeOutcome.Succeeded, replies[3].Outcome);
            Assert.Equal([Msisdn, "491700000003"], _hss.Subscribers.Select(s => s.Msisdn));
        }
    }

    [Fact]
    public async Task Asynchronous_mode_polls_status_until_the_element_has_run_the_request()
    {
        await using var adapter = Adapter(new SpmlAdapterOptions { ExecutionMode = SpmlExecutionMode.Asynchronous, StatusPollInterval = TimeSpan.FromMilliseconds(5) });
        _hss.AsyncRequests.Pause();

        var running = adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi), default);
        Assert.Empty(_hss.Subscribers);
        _hss.AsyncRequests.Resume();
        var reply = await running;

        Assert.Equal(NeOutcome.Succeeded, reply.Outcome);
        Assert.Single(_hss.Subscribers);

        var refused = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi), default);
        Assert.Equal((NeOutcome.Rejected, SpmlErrorCodes.AlreadyExists), (refused.Outcome, refused.Code));
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task Asynchronous_request_still_pending_at_the_command_timeout_is_a_transport_failure()
    {
        await using var adapter = Adapter(
            new SpmlAdapterOptions { ExecutionMode = SpmlExecutionMode.Asynchronous, StatusPollInterval = TimeSpan.FromMilliseconds(5) },
            commandTimeout: TimeSpan.FromMilliseconds(60));
        _hss.AsyncRequests.Pause();

        await Assert.ThrowsAsync<NeTransportException>(() => adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi), default));

        // The outcome was unknown, and indeed the element runs the request later.
        Assert.Empty(_hss.Subscribers);
        _hss.AsyncRequests.Resume();
        await SpmlEventually.TrueAsync(() => Task.FromResult(_hss.Subscribers.Count == 1));
        Assert.Equal(Imsi, _hss.Subscribers[0].Imsi);
    }

    [Fact]
    public async Task Factory_serves_spml_and_makes_an_spml_adapter()
    {
        var factory = new SpmlAdapterFactory();

        await using var adapter = factory.Create(Options());

        Assert.Equal(NeProtocol.Spml, factory.Protocol);
        Assert.IsType<SpmlAdapter>(adapter);
        Assert.Equal("hss-1", adapter.ElementId);
    }

    private NetworkElementOptions Options(string password = "nmcs", TimeSpan? commandTimeout = null) => new()
    {
        Id = "hss-1",
        Protocol = NeProtocol.Spml,
        Port = _hss.Port,
        User = "nmcs",
        Password = password,
        PoolSize = 2,
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(10),
    };

    private INetworkElementAdapter Adapter(SpmlAdapterOptions? spml = null, string password = "nmcs", TimeSpan? commandTimeout = null) =>
        new SpmlAdapterFactory(spml).Create(Options(password, commandTimeout));

    private static async Task Succeeds(INetworkElementAdapter adapter, SubscriberCommand command)
    {
        var reply = await adapter.ExecuteAsync(command, default);
        Assert.True(reply.Succeeded, $"{command}: {reply.Message}");
        Assert.Equal(0, reply.Code);
        Assert.Equal("hss-1", reply.ElementId);
    }

    private static async Task Rejected(INetworkElementAdapter adapter, SubscriberCommand command, int code)
    {
        var reply = await adapter.ExecuteAsync(command, default);
        Assert.Equal(NeOutcome.Rejected, reply.Outcome);
        Assert.Equal(code, reply.Code);
        Assert.NotEmpty(reply.Message);
    }
}
