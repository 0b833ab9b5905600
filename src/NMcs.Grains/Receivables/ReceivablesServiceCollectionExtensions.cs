using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Storage;

namespace NMcs.Grains.Receivables;

/// <summary>Registers accounts receivable and revenue reporting.</summary>
public static class ReceivablesServiceCollectionExtensions
{
    /// <summary>Registers the receivables store on <paramref name="database"/>, the invoice queries, <see cref="AccountsReceivable"/> and <see cref="RevenueReport"/>.</summary>
    public static IServiceCollection AddAccountsReceivable(this IServiceCollection services, NMcsDatabase database)
    {
        services.AddSingleton(new ReceivablesStore(database));
        services.AddSingleton<InvoiceQueries>();
        services.AddSingleton(sp => ReceivablesOptions.From(sp.GetService<IConfiguration>()));
        services.AddSingleton<AccountsReceivable>();
        services.AddSingleton<RevenueReport>();
        return services;
    }
}
