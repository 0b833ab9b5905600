using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Storage;

namespace NMcs.Grains.Thresholds;

/// <summary>Registers threshold detection's services.</summary>
public static class ThresholdServiceCollectionExtensions
{
    /// <summary>Registers the threshold event store on <paramref name="database"/>, the policy from <c>NMcs:Thresholds</c> and <see cref="ThresholdMonitor"/>.</summary>
    public static IServiceCollection AddThresholds(this IServiceCollection services, NMcsDatabase database)
    {
        services.AddSingleton(new ThresholdEventStore(database));
        services.AddSingleton(sp => ThresholdPolicyConfiguration.From(sp.GetService<IConfiguration>()));
        services.AddSingleton<ThresholdMonitor>();
        return services;
    }
}
