using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Grains.Provisioning;
using NMcs.IntegrationTests.Cluster;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Subscriptions;

/// <summary>
/// Cross-silo delivery on the shared two-silo cluster: an event published on one silo reaches subscribers on both
/// silos, each exactly once (the relay does not echo an event back to the silo it came from).
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class ProvisioningEventRelayTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_event_published_on_one_silo_reaches_subscribers_on_every_silo_once()
    {
        var silos = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().Take(2).ToList();
        Assert.Equal(2, silos.Count);
        var first = silos[0].ServiceProvider;
        var second = silos[1].ServiceProvider;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var onFirst = first.GetRequiredService<IProvisioningEventSource>().SubscribeAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        await using var onSecond = second.GetRequiredService<IProvisioningEventSource>().SubscribeAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        // The first MoveNextAsync registers the subscriber before it waits.
        var nextOnFirst = onFirst.MoveNextAsync();
        var nextOnSecond = onSecond.MoveNextAsync();

        var fromFirst = new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-RELAY-1", null, "ACME", "inProgress", "acknowledged", At, null);
        first.GetRequiredService<IProvisioningEventPublisher>().Publish(fromFirst);
        Assert.True(await nextOnSecond);
        Assert.Equal(fromFirst, onSecond.Current);
        Assert.True(await nextOnFirst);
        Assert.Equal(fromFirst, onFirst.Current);

        var fromSecond = new ProvisioningEvent(ProvisioningEventKind.SimState, null, "8944500102198304826", "ACME", "ACTIVATED", "INVENTORY", At, null);
        second.GetRequiredService<IProvisioningEventPublisher>().Publish(fromSecond);

        // Each silo's next event is the second one: the first was not delivered twice anywhere.
        Assert.True(await onFirst.MoveNextAsync());
        Assert.Equal(fromSecond, onFirst.Current);
        Assert.True(await onSecond.MoveNextAsync());
        Assert.Equal(fromSecond, onSecond.Current);
    }
}
