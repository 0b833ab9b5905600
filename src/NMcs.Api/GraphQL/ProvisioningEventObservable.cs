using NMcs.Abstractions.Contracts;
using NMcs.Grains.Provisioning;

namespace NMcs.Api.GraphQL;

/// <summary>
/// The events of an <see cref="IProvisioningEventSource"/> that pass a filter, as the <see cref="IObservable{T}"/> a
/// GraphQL.NET subscription field resolves to. Each observer gets its own subscription to the source, which is open
/// when <see cref="Subscribe"/> returns (so no event published after that is missed) and closed when the returned
/// handle is disposed.
/// </summary>
internal sealed class ProvisioningEventObservable(IProvisioningEventSource source, Func<ProvisioningEvent, bool> filter) : IObservable<object?>
{
    public IDisposable Subscribe(IObserver<object?> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new CancellationTokenSource();
        var events = source.SubscribeAsync(subscription.Token).GetAsyncEnumerator(subscription.Token);

        // The first MoveNextAsync runs the source up to its first wait, which is after it registered the subscriber.
        var first = events.MoveNextAsync();
        _ = ForwardAsync(events, first, observer, subscription);
        return new Subscription(subscription);
    }

    private async Task ForwardAsync(IAsyncEnumerator<ProvisioningEvent> events, ValueTask<bool> first, IObserver<object?> observer, CancellationTokenSource subscription)
    {
        try
        {
            var more = await first.ConfigureAwait(false);
            while (more)
            {
                if (filter(events.Current))
                {
                    observer.OnNext(events.Current);
                }

                more = await events.MoveNextAsync().ConfigureAwait(false);
            }

            observer.OnCompleted();
        }
        catch (OperationCanceledException) when (subscription.IsCancellationRequested)
        {
            // The observer unsubscribed: it expects nothing more.
        }
#pragma warning disable CA1031 // a failing source ends the stream with an error instead of going unobserved
        catch (Exception e)
#pragma warning restore CA1031
        {
            observer.OnError(e);
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
            subscription.Dispose();
        }
    }

    private sealed class Subscription(CancellationTokenSource subscription) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                try
                {
                    subscription.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The stream already ended.
                }
            }
        }
    }
}
