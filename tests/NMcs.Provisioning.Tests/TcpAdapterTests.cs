using System.Net;
using System.Net.Sockets;
using NMcs.Provisioning.Adapters.Tcp;
using NMcs.Provisioning.Contracts;
using NMcs.Simulators.Tcp;

namespace NMcs.Provisioning.Tests;

public sealed class TcpAdapterTests : IAsyncLifetime
{
    private const string Msisdn = "491700000001";
    private const string Imsi = "262010000000001";
    private readonly TcpElementSimulator _pgw = new();

    public Task InitializeAsync() => _pgw.StartAsync();

    public Task DisposeAsync() => _pgw.DisposeAsync().AsTask();

    [Fact]
    public async Task Create_modify_swap_bar_get_delete()
    {
        await using var adapter = Adapter();

        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi, Profile: 3, Apn: "internet", StaticIp: "10.0.0.7"));
        Assert.Equal([new TcpSubscriber(Msisdn, Imsi, "internet", "10.0.0.7", false)], _pgw.Subscribers);

        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Imsi: "262010000000009"));
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Barred: true, Apn: "iot.m2m", StaticIp: "2001:db8::7"));
        var got = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        Assert.Equal(new NeSubscriber(Msisdn, "262010000000009", null, true, "iot.m2m", "2001:db8::7"), got.Subscriber);

        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, Barred: false, StaticIp: string.Empty));
        got = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        Assert.Equal(new NeSubscriber(Msisdn, "262010000000009", null, false, "iot.m2m", null), got.Subscriber);

        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Delete, Msisdn));
        Assert.Empty(_pgw.Subscribers);
    }

    [Fact]
    public async Task Refusals_come_back_rejected_with_the_element_code()
    {
        await using var adapter = Adapter();
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi, Apn: "internet", StaticIp: "10.0.0.7"));
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Create, "491700000002", "262010000000002", Apn: "internet"));
        var before = _pgw.Subscribers;

        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Create, Msisdn, "262010000000003", Apn: "internet"), 3002);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Modify, "491700000002", Imsi: Imsi), 3003);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Modify, "491700000002", StaticIp: "10.0.0.7"), 3004);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Get, "491700000009"), 3001);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Delete, "491700000009"), 3001);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Modify, Msisdn, StaticIp: "10.0.7"), 1004);
        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Create, "491700000003", "262010000000003"), 1001);

        Assert.Equal(before, _pgw.Subscribers);
    }

    [Fact]
    public async Task A_modify_with_no_field_the_element_keeps_is_a_local_no_op()
    {
        await using var adapter = Adapter();

        var reply = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Modify, Msisdn, Profile: 4), default);

        Assert.Equal(NeOutcome.Succeeded, reply.Outcome);
        Assert.Equal(0, _pgw.AcceptedConnections);
    }

    [Fact]
    public async Task Wrong_password_is_rejected_with_the_login_code_and_nothing_runs()
    {
        await using var adapter = Adapter(password: "wrong");

        var reply = await adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi, Apn: "internet"), default);

        Assert.Equal((NeOutcome.Rejected, 1002), (reply.Outcome, reply.Code));
        Assert.Empty(_pgw.Subscribers);
        Assert.Equal(0, ((TcpAdapter)adapter).IdleConnections);
    }

    [Fact]
    public async Task Concurrent_commands_share_at_most_pool_size_connections_each_logged_in_once()
    {
        await using var adapter = (TcpAdapter)Adapter(poolSize: 3);

        var replies = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Create, $"4917000{i:D5}", $"26201000{i:D7}", Apn: "internet"), default)));

        Assert.All(replies, r => Assert.True(r.Succeeded, r.Message));
        Assert.Equal(60, _pgw.Subscribers.Count);
        Assert.InRange(_pgw.AcceptedConnections, 1, 3);
        Assert.Equal(_pgw.AcceptedConnections, adapter.IdleConnections);
    }

    [Fact]
    public async Task A_connection_the_element_closed_while_idle_is_replaced()
    {
        await using var adapter = Adapter();
        await Succeeds(adapter, new SubscriberCommand(SubscriberAction.Create, Msisdn, Imsi, Apn: "internet"));

        // A restart of the element closes the pooled connection; the next command must not stumble over it.
        var port = _pgw.Port;
        await _pgw.StopAsync();
        await using var restarted = new TcpElementSimulator();
        await restarted.StartAsync(port);

        await Rejected(adapter, new SubscriberCommand(SubscriberAction.Get, Msisdn), 3001);
        Assert.Equal(1, restarted.AcceptedConnections);
    }

    [Fact]
    public async Task Factory_serves_tcp_and_makes_a_tcp_adapter()
    {
        var factory = new TcpAdapterFactory();

        await using var adapter = factory.Create(Options());

        Assert.Equal(NeProtocol.Tcp, factory.Protocol);
        Assert.IsType<TcpAdapter>(adapter);
        Assert.Equal("pgw-1", adapter.ElementId);
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task Connection_refused_is_a_transport_failure()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = Options();
        options.Port = closedPort;
        await using var adapter = new TcpAdapter(options);

        await Assert.ThrowsAsync<NeTransportException>(() => adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default));
    }

    private NetworkElementOptions Options(string password = "nmcs", int poolSize = 2) => new()
    {
        Id = "pgw-1",
        Protocol = NeProtocol.Tcp,
        Port = _pgw.Port,
        User = "nmcs",
        Password = password,
        PoolSize = poolSize,
        CommandTimeout = TimeSpan.FromSeconds(10),
    };

    private INetworkElementAdapter Adapter(string password = "nmcs", int poolSize = 2) =>
        new TcpAdapterFactory().Create(Options(password, poolSize));

    private static async Task Succeeds(INetworkElementAdapter adapter, SubscriberCommand command)
    {
        var reply = await adapter.ExecuteAsync(command, default);
        Assert.True(reply.Succeeded, $"{command}: {reply.Message}");
        Assert.Equal(0, reply.Code);
        Assert.Equal("pgw-1", reply.ElementId);
    }

    private static async Task Rejected(INetworkElementAdapter adapter, SubscriberCommand command, int code)
    {
        var reply = await adapter.ExecuteAsync(command, default);
        Assert.Equal(NeOutcome.Rejected, reply.Outcome);
        Assert.Equal(code, reply.Code);
        Assert.NotEmpty(reply.Message);
    }
}
