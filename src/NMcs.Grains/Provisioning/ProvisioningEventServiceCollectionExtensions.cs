using Microsoft.Extensions.DependencyInjection;

namespace NMcs.Grains.Provisioning;

/// <summary>Registers the provisioning event stream of a silo.</summary>
public static class ProvisioningEventServiceCollectionExtensions
{
    /// <summary>
    /// Registers this silo's hub (<see cref="IProvisioningEventSource"/>) and the cluster relay
    /// (<see cref="IProvisioningEventPublisher"/>), so an event published on any silo reaches subscribers on every silo.
    /// </summary>
    public static IServiceCollection AddProvisioningEvents(this IServiceCollection services)
    {
        services.AddSingleton<InProcessProvisioningEventHub>();
        services.AddSingleton<ProvisioningEventRelay>();
        services.AddSingleton<IProvisioningEventPublisher>(sp => sp.GetRequiredService<ProvisioningEventRelay>());
        services.AddSingleton<IProvisioningEventSource>(sp => sp.GetRequiredService<InProcessProvisioningEventHub>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ProvisioningEventRelay>());
        return services;
    }
}
