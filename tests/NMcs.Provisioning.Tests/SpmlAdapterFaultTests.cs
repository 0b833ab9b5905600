using NMcs.Provisioning.Adapters.Spml;
using NMcs.Provisioning.Contracts;
using NMcs.Simulators.Faults;
using NMcs.Simulators.Hss;

namespace NMcs.Provisioning.Tests;

[Trait("Category", "Faults")]
public sealed class SpmlAdapterFaultTests : IAsyncLifetime
{
    private const string Msisdn = "491700000001";
    private static readonly SubscriberCommand Create = new(SubscriberAction.Create, Msisdn, "262010000000001", Profile: 1);
    private readonly HssSimulator _hss = new();
    private SpmlAdapter _adapter = null!;

    public async Task InitializeAsync()
    {
        await _hss.StartAsync();
        _adapter = Adapter(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _hss.DisposeAsync();
    }

    [Fact]
    public async Task Drop_is_a_transport_failure_and_nothing_runs()
    {
        _hss.Faults.Inject(new Fault(FaultKind.Drop));

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));

        Assert.Empty(_hss.Subscribers);
        Assert.True((await _adapter.ExecuteAsync(Create, default)).Succeeded);
    }

    [Fact]
    public async Task Lost_reply_is_a_transport_failure_but_the_command_ran()
    {
        _hss.Faults.Inject(new Fault(FaultKind.LoseReply));

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));

        Assert.Single(_hss.Subscribers);
        var got = await _adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        Assert.Equal("262010000000001", got.Subscriber!.Imsi);
    }

    [Theory]
    [InlineData("Drop", 0)]
    [InlineData("LoseReply", 1)]
    public async Task A_fault_on_a_pooled_connection_is_not_retried_by_the_http_client(string kind, int rowsAfter)
    {
        // The first call leaves a kept-alive connection in the pool; the handler must not resend on it silently.
        await _adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default);
        _hss.Faults.Inject(new Fault(Enum.Parse<FaultKind>(kind)));

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));

        Assert.Equal(rowsAfter, _hss.Subscribers.Count);
    }

    [Fact]
    public async Task Delay_past_the_command_timeout_is_a_transport_failure_and_nothing_has_run()
    {
        await using var impatient = Adapter(TimeSpan.FromMilliseconds(50));
        _hss.Faults.Inject(new Fault(FaultKind.Delay, DelayMilliseconds: 30_000));

        await Assert.ThrowsAsync<NeTransportException>(() => impatient.ExecuteAsync(Create, default));

        Assert.Empty(_hss.Subscribers);
    }

    [Fact]
    public async Task Delay_within_the_command_timeout_succeeds()
    {
        _hss.Faults.Inject(new Fault(FaultKind.Delay, DelayMilliseconds: 20));

        Assert.True((await _adapter.ExecuteAsync(Create, default)).Succeeded);
        Assert.Single(_hss.Subscribers);
    }

    [Fact]
    public async Task Garbage_is_a_transport_failure_and_nothing_runs()
    {
        _hss.Faults.Inject(new Fault(FaultKind.Garbage, Seed: 3));

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));

        Assert.Empty(_hss.Subscribers);
        Assert.True((await _adapter.ExecuteAsync(Create, default)).Succeeded);
    }

    [Theory]
    [InlineData(null, SpmlErrorCodes.CustomError)]
    [InlineData("alreadyExists", SpmlErrorCodes.AlreadyExists)]
    public async Task Error_is_rejected_with_the_code_and_nothing_runs(string? code, int expected)
    {
        _hss.Faults.Inject(new Fault(FaultKind.Error, ErrorCode: code));

        var reply = await _adapter.ExecuteAsync(Create, default);

        Assert.Equal((NeOutcome.Rejected, expected), (reply.Outcome, reply.Code));
        Assert.Contains("injected fault", reply.Message, StringComparison.Ordinal);
        Assert.Empty(_hss.Subscribers);
    }

    [Theory]
    [InlineData("Drop")]
    [InlineData("Garbage")]
    [InlineData("Error")]
    public async Task A_failed_status_request_in_asynchronous_mode_is_a_transport_failure_and_the_command_still_runs(string kind)
    {
        await using var adapter = new SpmlAdapter(
            Options(TimeSpan.FromSeconds(10)),
            new SpmlAdapterOptions { ExecutionMode = SpmlExecutionMode.Asynchronous, StatusPollInterval = TimeSpan.FromMilliseconds(5) });
        _hss.AsyncRequests.Pause();
        var running = adapter.ExecuteAsync(Create, default);
        // Arm only once the add is accepted, so the status requests are what the fault hits.
        await SpmlEventually.TrueAsync(() => Task.FromResult(_hss.AsyncRequests.Count == 1));
        _hss.Faults.Inject(new Fault(Enum.Parse<FaultKind>(kind), Count: 1_000));

        // An error answered to the status request says nothing about the command: its outcome is unknown, not rejected.
        await Assert.ThrowsAsync<NeTransportException>(() => running);
        Assert.Empty(_hss.Subscribers);

        _hss.Faults.Clear();
        _hss.AsyncRequests.Resume();
        await SpmlEventually.TrueAsync(async () => (await _adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, Msisdn), default)).Succeeded);
    }

    [Fact]
    public async Task Error_on_a_batch_rejects_every_command_and_nothing_runs()
    {
        _hss.Faults.Inject(new Fault(FaultKind.Error, ErrorCode: "customError"));

        var replies = await _adapter.ExecuteBatchAsync([Create, new SubscriberCommand(SubscriberAction.Delete, Msisdn)], SpmlBatchOnError.Resume, default);

        Assert.All(replies, r => Assert.Equal((NeOutcome.Rejected, SpmlErrorCodes.CustomError), (r.Outcome, r.Code)));
        Assert.Empty(_hss.Subscribers);
    }

    [Fact]
    public async Task Connection_refused_is_a_transport_failure()
    {
        await _hss.StopAsync();

        await Assert.ThrowsAsync<NeTransportException>(() => _adapter.ExecuteAsync(Create, default));
    }

    private NetworkElementOptions Options(TimeSpan commandTimeout) => new()
    {
        Id = "hss-1",
        Protocol = NeProtocol.Spml,
        Port = _hss.Port,
        User = "nmcs",
        Password = "nmcs",
        PoolSize = 2,
        CommandTimeout = commandTimeout,
    };

    private SpmlAdapter Adapter(TimeSpan commandTimeout) => new(Options(commandTimeout));
}
