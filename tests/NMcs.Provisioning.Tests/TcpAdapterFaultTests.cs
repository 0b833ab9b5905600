using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using NMcs.Provisioning.Adapters.Tcp;
using NMcs.Provisioning.Contracts;
using NMcs.Simulators.Faults;
using NMcs.Simulators.Tcp;

namespace NMcs.Provisioning.Tests;

[Trait("Category", "Faults")]
public sealed class TcpAdapterFaultTests : IAsyncLifetime
{
    private const string Msisdn = "491700000001";
    private static readonly SubscriberCommand Create = new(SubscriberAction.Create, Msisdn, "262010000000001", Apn: "internet", StaticIp: "10.0.0.7");
    private readonly TcpElementSimulator _pgw = new();
    private TcpAdapter _adapter = null!;

    public async Task InitializeAsync()
    {
        await _pgw.StartAsync();
        _adapter = new TcpAdapter(Options(_pgw.Port, TimeSpan.FromSeconds(10)));

        // Log in first, so each fault below hits the command and not the login.
        await _adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _pgw.DisposeAsync();
    }

    [Fact]
    public async Task Drop_is_a_transport_failure_the_connection_is_discarded_and_nothing_runs()
    {
        _pgw.Faults.Inject(new Fault(FaultKind.Drop));

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));

        Assert.Equal(0, _adapter.IdleConnections);
        Assert.Empty(_pgw.Subscribers);
        await Succeeds(Create);
        Assert.Equal(2, _pgw.AcceptedConnections);
    }

    [Fact]
    public async Task Lost_reply_is_a_transport_failure_but_the_command_ran()
    {
        _pgw.Faults.Inject(new Fault(FaultKind.LoseReply));

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));

        Assert.Equal(0, _adapter.IdleConnections);
        Assert.Single(_pgw.Subscribers);
        var got = await _adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        Assert.Equal("10.0.0.7", got.Subscriber!.StaticIp);
    }

    [Fact]
    public async Task Delay_past_the_command_timeout_is_a_transport_failure_and_the_connection_is_discarded()
    {
        // Short against the 30 s delay, long enough that the first command (connect, login, create) never misses it on
        // a loaded machine: 50 ms did under CI.
        await using var impatient = new TcpAdapter(Options(_pgw.Port, TimeSpan.FromSeconds(2)));
        await Succeeds(new SubscriberCommand(SubscriberAction.Create, "491700000002", "262010000000002", Apn: "internet"), impatient);
        _pgw.Faults.Inject(new Fault(FaultKind.Delay, DelayMilliseconds: 30_000));

        await Assert.ThrowsAsync<NeTransportException>(() => impatient.ExecuteAsync(Create, default));

        Assert.Equal(0, impatient.IdleConnections);
        Assert.DoesNotContain(_pgw.Subscribers, s => s.Msisdn == Msisdn);
    }

    [Fact]
    public async Task Delay_within_the_command_timeout_succeeds_on_the_same_connection()
    {
        _pgw.Faults.Inject(new Fault(FaultKind.Delay, DelayMilliseconds: 20));

        await Succeeds(Create);

        Assert.Equal(1, _pgw.AcceptedConnections);
        Assert.Equal(1, _adapter.IdleConnections);
    }

    [Fact]
    public async Task Garbage_is_a_transport_failure_the_connection_is_discarded_and_nothing_runs()
    {
        _pgw.Faults.Inject(new Fault(FaultKind.Garbage, Seed: 5));

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));

        Assert.Equal(0, _adapter.IdleConnections);
        Assert.Empty(_pgw.Subscribers);
        await Succeeds(Create);
    }

    [Fact]
    public async Task Error_is_rejected_with_the_code_the_connection_is_kept_and_nothing_runs()
    {
        _pgw.Faults.Inject(new Fault(FaultKind.Error, ErrorCode: "5005"));

        var reply = await _adapter.ExecuteAsync(Create, default);

        Assert.Equal((NeOutcome.Rejected, 5005), (reply.Outcome, reply.Code));
        Assert.Equal(1, _adapter.IdleConnections);
        Assert.Empty(_pgw.Subscribers);
    }

    [Fact]
    public async Task Drop_of_the_login_is_a_transport_failure()
    {
        await using var fresh = new TcpAdapter(Options(_pgw.Port, TimeSpan.FromSeconds(10)));
        _pgw.Faults.Inject(new Fault(FaultKind.Drop));

        await Assert.ThrowsAsync<NeTransportException>(() => fresh.ExecuteAsync(Create, default));

        Assert.Equal(0, fresh.IdleConnections);
        Assert.Empty(_pgw.Subscribers);
    }

    [Fact]
    public async Task An_oversize_reply_frame_is_a_transport_failure_and_the_connection_is_discarded()
    {
        using var fake = new TcpListener(IPAddress.Loopback, 0);
        fake.Start();
        await using var adapter = new TcpAdapter(Options(((IPEndPoint)fake.LocalEndpoint).Port, TimeSpan.FromSeconds(10)));

        var call = adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        using (var element = await fake.AcceptTcpClientAsync())
        {
            var stream = element.GetStream();
            var header = new byte[4];
            await stream.ReadExactlyAsync(header);
            await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadUInt32BigEndian(header)]);
            BinaryPrimitives.WriteUInt32BigEndian(header, 64 * 1024 + 1);
            await stream.WriteAsync(header);
            await stream.WriteAsync(new byte[1024]);

            var failure = await Assert.ThrowsAsync<NeTransportException>(() => call);
            Assert.Contains("limit", failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, adapter.IdleConnections);
    }

    [Fact]
    public async Task A_reply_with_another_request_id_is_a_transport_failure()
    {
        using var fake = new TcpListener(IPAddress.Loopback, 0);
        fake.Start();
        await using var adapter = new TcpAdapter(Options(((IPEndPoint)fake.LocalEndpoint).Port, TimeSpan.FromSeconds(10)));

        var call = adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        using var element = await fake.AcceptTcpClientAsync();
        var stream = element.GetStream();
        var header = new byte[4];
        await stream.ReadExactlyAsync(header);
        await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadUInt32BigEndian(header)]);
        var reply = "ID=77\nCODE=0\nTEXT=OK\n"u8.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)reply.Length);
        await stream.WriteAsync(header);
        await stream.WriteAsync(reply);

        await Assert.ThrowsAsync<NeTransportException>(() => call);
        Assert.Equal(0, adapter.IdleConnections);
    }

    private static NetworkElementOptions Options(int port, TimeSpan commandTimeout) => new()
    {
        Id = "pgw-1",
        Protocol = NeProtocol.Tcp,
        Port = port,
        User = "nmcs",
        Password = "nmcs",
        PoolSize = 2,
        CommandTimeout = commandTimeout,
    };

    private async Task Succeeds(SubscriberCommand command, TcpAdapter? adapter = null)
    {
        var reply = await (adapter ?? _adapter).ExecuteAsync(command, default);
        Assert.True(reply.Succeeded, $"{command}: {reply.Message}");
    }
}
