using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NMcs.Provisioning.Adapters.Hlr;
using NMcs.Provisioning.Adapters.Spml;
using NMcs.Provisioning.Adapters.Tcp;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning;

/// <summary>Registers the provisioning gateway and the CAI, MML, SPML and TCP adapter factories.</summary>
public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Elements</c> of <paramref name="section"/> (normally <c>NMcs:Provisioning</c>) to
    /// <see cref="ProvisioningOptions"/>, validates it when the host starts (errors name the key and the fix), and
    /// registers the CAI, MML, SPML (with the <see cref="Adapters.Spml.SpmlAdapterOptions"/> registered in DI, else
    /// synchronous with HTTP Basic) and TCP adapter factories and
    /// <see cref="IProvisioningGateway"/> as a singleton. Other protocols' factories are registered by their own
    /// packages as <see cref="INetworkElementAdapterFactory"/>.
    /// Timeouts, backoff and the breaker run on the unkeyed <see cref="TimeProvider"/> (the system clock), never on the
    /// platform's test clock: network time does not stand still when billing time does.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The provisioning configuration section.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProvisioningGateway(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INetworkElementAdapterFactory, CaiAdapterFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INetworkElementAdapterFactory, MmlAdapterFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INetworkElementAdapterFactory, SpmlAdapterFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INetworkElementAdapterFactory, TcpAdapterFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProvisioningOptions>, ProvisioningOptionsValidator>());
        services.AddOptions<ProvisioningOptions>()
            .Configure(options => Bind(section, options))
            .ValidateOnStart();
        services.TryAddSingleton(sp => new ProvisioningGateway(
            sp.GetRequiredService<IOptions<ProvisioningOptions>>(),
            sp.GetServices<INetworkElementAdapterFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<ProvisioningGateway>>()));
        services.TryAddSingleton<IProvisioningGateway>(sp => sp.GetRequiredService<ProvisioningGateway>());
        return services;
    }

    /// <summary>
    /// Binds element by element so that one bad value becomes an error naming its key instead of an exception that
    /// stops the binding of everything.
    /// </summary>
    private static void Bind(IConfiguration section, ProvisioningOptions options)
    {
        var elements = section.GetSection("Elements");
        options.ElementsPath = elements is IConfigurationSection { Path: { Length: > 0 } path } ? path : "Elements";
        var children = elements.GetChildren()
            .OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ToList();
        foreach (var child in children)
        {
            var protocol = child["Protocol"];
            if (protocol is not null && !IsProtocolName(protocol))
            {
                options.BindingErrors.Add($"{child.Path}:Protocol '{protocol}' is unknown; use one of {string.Join(", ", Enum.GetNames<NeProtocol>())}");
                continue;
            }

            var element = new NetworkElementOptions();
            try
            {
                child.Bind(element);
            }
            catch (InvalidOperationException ex)
            {
                // The binder's message names the key and the value it could not convert.
                options.BindingErrors.Add(ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}");
                continue;
            }

            options.Elements.Add(element);
            options.ElementPaths.Add(child.Path);
        }
    }

    private static bool IsProtocolName(string value) =>
        Enum.GetNames<NeProtocol>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);
}
