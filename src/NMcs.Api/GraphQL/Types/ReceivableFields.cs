using System.Collections.Concurrent;
using System.Globalization;
using GraphQL;
using NMcs.Abstractions.Contracts;
using NMcs.Billing.Receivables;
using NMcs.Grains.Receivables;

namespace NMcs.Api.GraphQL.Types;

/// <summary>Receivable fields on <c>Invoice</c>: one look-up per invoice and request, shared by the fields.</summary>
internal static class ReceivableFields
{
    private const string CacheKey = "nmcs.receivables";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The invoice's receivable; null for a preview (no number).</summary>
    public static Task<InvoiceReceivable?> LoadAsync(IResolveFieldContext<InvoiceInfo> context)
    {
        if (context.Source.Number is not string number)
        {
            return Task.FromResult<InvoiceReceivable?>(null);
        }

        ConcurrentDictionary<string, Task<InvoiceReceivable?>> cache;
        lock (context.UserContext)
        {
            if (context.UserContext.TryGetValue(CacheKey, out var found) && found is ConcurrentDictionary<string, Task<InvoiceReceivable?>> existing)
            {
                cache = existing;
            }
            else
            {
                cache = new ConcurrentDictionary<string, Task<InvoiceReceivable?>>(StringComparer.Ordinal);
                context.UserContext[CacheKey] = cache;
            }
        }

        var receivables = context.Service<AccountsReceivable>();
        return cache.GetOrAdd(number, n => receivables.FindAsync(n, context.CancellationToken));
    }
}
