using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace NMcs.Bench;

/// <summary>
/// A diagnostic for <c>--alloc-sample</c>: listens in process to the runtime's allocation tick (one event per about
/// 100 KB allocated on a heap, naming the type whose allocation crossed the mark), so the sampled bytes per type are
/// an estimate of where the allocation volume — and with it the GC's work — comes from. Off by default: the verbose
/// GC events cost a few percent.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    private const string LargeObjectHeap = " (large object heap)";

    /// <summary>
    /// The <paramref name="count"/> types with the most sampled bytes, then every type allocated on the large object
    /// heap (each such allocation counts toward a gen2 collection), with their share of the total.
    /// </summary>
    public string Report(int count)
    {
        var total = _bytesByType.Values.Sum();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"allocation samples: {total / 1_048_576.0:F0} MB sampled");
        var large = _bytesByType.Where(p => p.Key.EndsWith(LargeObjectHeap, StringComparison.Ordinal)).OrderByDescending(p => p.Value);
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(count).Union(large))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {100.0 * bytes / total,5:F1} %  {bytes / 1_048_576.0,8:F0} MB  {type}");
        }

        return text.ToString();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        long amount = 0;
        var type = "?";
        var heap = string.Empty;
        for (var i = 0; i < names.Count; i++)
        {
            switch (names[i])
            {
                case "AllocationAmount64":
                    amount = Convert.ToInt64(eventData.Payload[i], CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when amount == 0:
                    amount = Convert.ToInt64(eventData.Payload[i], CultureInfo.InvariantCulture);
                    break;
                case "AllocationKind":
                    // 0 small object heap, 1 large object heap, 2 pinned object heap.
                    heap = Convert.ToInt32(eventData.Payload[i], CultureInfo.InvariantCulture) switch { 1 => LargeObjectHeap, 2 => " (pinned object heap)", _ => string.Empty };
                    break;
                case "TypeName":
                    type = eventData.Payload[i] as string ?? "?";
                    break;
            }
        }

        _bytesByType.AddOrUpdate(type + heap, amount, (_, sum) => sum + amount);
    }
}
