using NMcs.Storage;

namespace NMcs.Api.GraphQL;

/// <summary>Reconciliation over a time range: the sum and the totals per source.</summary>
/// <param name="From">Start (inclusive), or null for the beginning.</param>
/// <param name="To">End (exclusive), or null for now.</param>
/// <param name="Total">The sum over <paramref name="Sources"/>.</param>
/// <param name="Sources">Totals per source kind and name.</param>
public sealed record IngestReconciliation(DateTimeOffset? From, DateTimeOffset? To, IngestTotals Total, IReadOnlyList<IngestTotals> Sources)
{
    /// <summary>Sums <paramref name="sources"/>.</summary>
    public static IngestReconciliation Of(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<IngestTotals> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var total = new IngestTotals(
            null,
            null,
            sources.Sum(s => s.Batches),
            sources.Sum(s => s.Received),
            sources.Sum(s => s.Rated),
            sources.Sum(s => s.Duplicate),
            sources.Sum(s => s.Rejected),
            sources.Sum(s => s.Suspended));
        return new IngestReconciliation(from, to, total, sources);
    }
}
