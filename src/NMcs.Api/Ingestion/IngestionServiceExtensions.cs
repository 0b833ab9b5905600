using Microsoft.Extensions.DependencyInjection;
using NMcs.Storage;

namespace NMcs.Api.Ingestion;

/// <summary>Registers the ingestion pipeline, its stores, the network element keys and the in-flight bound.</summary>
public static class IngestionServiceExtensions
{
    /// <summary>Adds the services; options bind from configuration section <c>NMcs:Ingestion</c>.</summary>
    public static IServiceCollection AddNMcsIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section);
        services.AddSingleton(sp => new RejectedUsageStore(sp.GetRequiredService<NMcsDatabase>()));
        services.AddSingleton(sp => new IngestBatchStore(sp.GetRequiredService<NMcsDatabase>()));
        services.AddSingleton<NetworkElementRegistry>();
        services.AddSingleton<IngestionAdmission>();
        services.AddSingleton<UsageIngestionPipeline>();
        services.AddHostedService<IngestionStartupCheck>();
        return services;
    }
}
