using System.Globalization;
using System.Xml.Linq;

namespace NMcs.Simulators.Hss;

/// <summary>
/// Requests sent with <c>executionMode="asynchronous"</c>: each runs on its own task after an optional delay, and
/// its response is kept for <c>statusRequest</c>. <see cref="Pause"/> holds every queued request back, so tests can
/// see the pending state without timing.
/// </summary>
/// <param name="timeProvider">Clock for <see cref="Delay"/>.</param>
internal sealed class HssAsyncRequests(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, XElement?> _responses = new(StringComparer.Ordinal);
    private TaskCompletionSource _open = NewOpenGate();
    private long _nextId;

    /// <summary>Time each asynchronous request waits before it runs (zero by default).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>Asynchronous requests accepted so far, pending or done.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _responses.Count;
            }
        }
    }

    /// <summary>Holds queued requests back until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets held and future requests run.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Queues a request and returns its id (the request's own <c>requestID</c>, or a new one).</summary>
    /// <param name="request">The request; it is copied, with the id set.</param>
    /// <param name="execute">Runs the request synchronously and returns its response.</param>
    /// <param name="id">The id to give in the pending response.</param>
    /// <returns>False when the requestor's id is already in use.</returns>
    public bool TrySubmit(XElement request, Func<XElement, XElement> execute, out string id)
    {
        Task open;
        lock (_gate)
        {
            id = (string?)request.Attribute("requestID")
                ?? "hss-" + (++_nextId).ToString(CultureInfo.InvariantCulture);
            if (!_responses.TryAdd(id, null))
            {
                return false;
            }

            open = _open.Task;
        }

        var copy = new XElement(request);
        copy.SetAttributeValue("requestID", id);
        copy.SetAttributeValue("executionMode", null);
        _ = RunAsync(id, copy, execute, open);
        return true;
    }

    /// <summary>Looks up an asynchronous request.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="response">Its response once done, else null.</param>
    /// <returns>False when the id is unknown.</returns>
    public bool TryGet(string id, out XElement? response)
    {
        lock (_gate)
        {
            return _responses.TryGetValue(id, out response);
        }
    }

    private async Task RunAsync(string id, XElement request, Func<XElement, XElement> execute, Task open)
    {
        await open.ConfigureAwait(false);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, timeProvider).ConfigureAwait(false);
        }

        var response = execute(request);
        lock (_gate)
        {
            _responses[id] = response;
        }
    }

    private static TaskCompletionSource NewOpenGate()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
