using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NMcs.Storage;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace NMcs.Grains;

/// <summary>Wires N-MCS grains to their storage and domain services.</summary>
public static class NMcsSiloBuilderExtensions
{
    /// <summary>
    /// Registers the relational grain storage and the stores on <paramref name="database"/>, and the clock
    /// (<paramref name="clock"/>, or the system clock when null).
    /// </summary>
    public static IServiceCollection AddNMcsServices(this IServiceCollection services, NMcsDatabase database, TimeProvider? clock = null)
    {
        services.TryAddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton<UsageLedger>();
        services.AddSingleton<InvoiceStore>();
        services.AddSingleton<ProductCatalog>();
        services.AddSingleton<SimDirectory>();
        services.AddSingleton<CustomerDirectory>();
        services.AddGrainStorage(NMcsStorage.Name, (sp, name) => new RelationalGrainStorage(
            name,
            sp.GetRequiredService<NMcsDatabase>(),
            sp.GetRequiredService<IGrainStorageSerializer>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
