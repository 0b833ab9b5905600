using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.Provisioning;

/// <summary>
/// This silo's <see cref="IProvisioningEventPublisher"/>: an event reaches the subscribers on this silo at once, and
/// is queued for the <see cref="IProvisioningEventRelayGrain"/>, which hands it to every other silo; events relayed
/// from other silos arrive through <see cref="OnEvents"/>. Publishing never waits for the cluster and never fails: if
/// the queue is full (the relay is unreachable for a long time) the oldest events are not relayed.
/// </summary>
public sealed partial class ProvisioningEventRelay : IProvisioningEventPublisher, IProvisioningEventObserver, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>The key of the <see cref="IProvisioningEventRelayGrain"/>.</summary>
    public const long RelayKey = 0;

    /// <summary>How often the silo re-joins the relay (it may have been reactivated with no members).</summary>
    public static readonly TimeSpan RejoinInterval = TimeSpan.FromSeconds(30);

    /// <summary>How soon a failed join is tried again.</summary>
    public static readonly TimeSpan JoinRetryInterval = TimeSpan.FromSeconds(1);

    private const int QueueCapacity = 10_000;
    private const int MaxBatch = 256;

    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(2);

    private readonly InProcessProvisioningEventHub _local;
    private readonly IGrainFactory _grains;
    private readonly ILogger<ProvisioningEventRelay> _logger;
    private readonly Channel<ProvisioningEvent> _outgoing = Channel.CreateBounded<ProvisioningEvent>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly CancellationTokenSource _stopping = new();
    private IProvisioningEventObserver? _self;
    private Task _pump = Task.CompletedTask;
    private Task _rejoin = Task.CompletedTask;

    /// <summary>Creates the relay over this silo's hub.</summary>
    public ProvisioningEventRelay(InProcessProvisioningEventHub local, IGrainFactory grains, ILogger<ProvisioningEventRelay> logger)
    {
        _local = local;
        _grains = grains;
        _logger = logger;
    }

    private IProvisioningEventRelayGrain Relay => _grains.GetGrain<IProvisioningEventRelayGrain>(RelayKey);

    /// <inheritdoc />
    public void Publish(ProvisioningEvent provisioningEvent)
    {
        ArgumentNullException.ThrowIfNull(provisioningEvent);
        _local.Publish(provisioningEvent);
        _outgoing.Writer.TryWrite(provisioningEvent);
    }

    /// <inheritdoc />
    public Task OnEvents(ImmutableArray<ProvisioningEvent> events)
    {
        foreach (var provisioningEvent in events)
        {
            _local.Publish(provisioningEvent);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(ProvisioningEventRelay), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _self = _grains.CreateObjectReference<IProvisioningEventObserver>(this);
        var joined = await JoinAsync(_self);
        _pump = Task.Run(() => PumpAsync(_self, _stopping.Token), CancellationToken.None);
        _rejoin = Task.Run(() => RejoinAsync(_self, joined, _stopping.Token), CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_pump, _rejoin);
        if (_self is null)
        {
            return;
        }

        try
        {
            // Bounded: the relay's silo may be stopping too, and shutdown must not wait for it.
            await Relay.Leave(_self).WaitAsync(LeaveTimeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The relay drops members that stop re-joining.
            LogLeaveFailed(_logger, e);
        }

        _grains.DeleteObjectReference<IProvisioningEventObserver>(_self);
    }

    private async Task<bool> JoinAsync(IProvisioningEventObserver self)
    {
        try
        {
            await Relay.Join(self);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogJoinFailed(_logger, e);
            return false;
        }
    }

    private async Task RejoinAsync(IProvisioningEventObserver self, bool joined, CancellationToken stopping)
    {
        // Real time, not the platform clock: the test clock must not stop cluster delivery.
        try
        {
            while (true)
            {
                await Task.Delay(joined ? RejoinInterval : JoinRetryInterval, stopping);
                joined = await JoinAsync(self);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task PumpAsync(IProvisioningEventObserver self, CancellationToken stopping)
    {
        var reader = _outgoing.Reader;
        var batch = new List<ProvisioningEvent>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var provisioningEvent))
                {
                    batch.Add(provisioningEvent);
                }

                try
                {
                    await Relay.Forward(self, [.. batch]);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Subscribers on this silo have the events; the other silos miss them (they can re-read state).
                    LogForwardFailed(_logger, batch.Count, e);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not join the provisioning event relay; retrying")]
    private static partial void LogJoinFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not leave the provisioning event relay; it drops this silo after its expiry")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not relay {Count} provisioning events to the other silos")]
    private static partial void LogForwardFailed(ILogger logger, int count, Exception exception);
}
