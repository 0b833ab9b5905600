using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Tests;

/// <summary><c>AddProvisioningGateway</c>: binding <c>NMcs:Provisioning:Elements</c> and the start-up validation.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Elements_are_bound_from_configuration()
    {
        await using var services = Build(new()
        {
            ["NMcs:Provisioning:Elements:0:Id"] = "hlr-1",
            ["NMcs:Provisioning:Elements:0:Protocol"] = "cai",
            ["NMcs:Provisioning:Elements:0:Port"] = "7023",
            ["NMcs:Provisioning:Elements:0:User"] = "nmcs",
            ["NMcs:Provisioning:Elements:0:Password"] = "nmcs",
            ["NMcs:Provisioning:Elements:0:Roles:0"] = "hlr",
            ["NMcs:Provisioning:Elements:0:Roles:1"] = "hss",
            ["NMcs:Provisioning:Elements:0:CommandTimeout"] = "00:00:02",
            ["NMcs:Provisioning:Elements:0:PoolSize"] = "3",
            ["NMcs:Provisioning:Elements:1:Id"] = "hlr-2",
            ["NMcs:Provisioning:Elements:1:Protocol"] = "Mml",
            ["NMcs:Provisioning:Elements:1:Host"] = "localhost",
            ["NMcs:Provisioning:Elements:1:Port"] = "7024",
            ["NMcs:Provisioning:Elements:1:User"] = "nmcs",
            ["NMcs:Provisioning:Elements:1:Password"] = "nmcs",
            ["NMcs:Provisioning:Elements:1:Roles:0"] = "hlr",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        var gateway = services.GetRequiredService<IProvisioningGateway>();

        Assert.Equal(["hlr-1", "hlr-2"], gateway.Elements.Select(e => e.Id));
        var first = gateway.Elements[0];
        Assert.Equal((NeProtocol.Cai, 7023, 3, TimeSpan.FromSeconds(2)), (first.Protocol, first.Port, first.PoolSize, first.CommandTimeout));
        Assert.Equal(["hlr", "hss"], first.Roles);
        Assert.Equal((NeProtocol.Mml, "localhost"), (gateway.Elements[1].Protocol, gateway.Elements[1].Host));
        Assert.Equal(["hlr-1", "hlr-2"], gateway.ElementsWithRole("hlr"));
        Assert.Same(gateway, services.GetRequiredService<ProvisioningGateway>());
    }

    [Fact]
    public async Task No_elements_is_a_valid_empty_gateway()
    {
        await using var services = Build([]);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Empty(services.GetRequiredService<IProvisioningGateway>().Elements);
    }

    [Fact]
    public async Task Errors_name_the_key_and_the_fix()
    {
        await using var services = Build(new()
        {
            ["NMcs:Provisioning:Elements:0:Id"] = "hlr-1",
            ["NMcs:Provisioning:Elements:0:Port"] = "7023",
            ["NMcs:Provisioning:Elements:0:User"] = "nmcs",
            ["NMcs:Provisioning:Elements:0:Password"] = "nmcs",
            ["NMcs:Provisioning:Elements:1:Id"] = "HLR-1",
            ["NMcs:Provisioning:Elements:1:Port"] = "70000",
            ["NMcs:Provisioning:Elements:1:User"] = "nmcs",
            ["NMcs:Provisioning:Elements:1:PasswordEnv"] = "NMCS_TEST_UNSET_" + Guid.NewGuid().ToString("N"),
            ["NMcs:Provisioning:Elements:2:Id"] = "x",
            ["NMcs:Provisioning:Elements:2:Protocol"] = "Diameter",
            ["NMcs:Provisioning:Elements:3:Id"] = "spml-1",
            ["NMcs:Provisioning:Elements:3:Protocol"] = "Spml",
            ["NMcs:Provisioning:Elements:3:Port"] = "8080",
            ["NMcs:Provisioning:Elements:3:CommandTimeout"] = "soon",
            ["NMcs:Provisioning:Elements:4:Id"] = "spml-2",
            ["NMcs:Provisioning:Elements:4:Protocol"] = "Spml",
            ["NMcs:Provisioning:Elements:4:Port"] = "8080",
            ["NMcs:Provisioning:Elements:4:BreakerMinimumThroughput"] = "1",
        }, without: typeof(Adapters.Spml.SpmlAdapterFactory));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        var failures = error.Failures.ToList();

        Assert.Contains("NMcs:Provisioning:Elements:1:Port must be 1–65535", failures);
        Assert.Contains(failures, f => f.StartsWith("NMcs:Provisioning:Elements:1:Id 'HLR-1' is a duplicate of NMcs:Provisioning:Elements:0:Id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("NMcs:Provisioning:Elements:1:PasswordEnv names the environment variable", StringComparison.Ordinal));
        Assert.Contains("NMcs:Provisioning:Elements:2:Protocol 'Diameter' is unknown; use one of Cai, Mml, Spml, Tcp", failures);
        Assert.Contains(failures, f => f.Contains("NMcs:Provisioning:Elements:3:CommandTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("NMcs:Provisioning:Elements:4:Protocol: no adapter factory is registered for protocol Spml", StringComparison.Ordinal));
        Assert.Contains("NMcs:Provisioning:Elements:4:BreakerMinimumThroughput must be 2 or more", failures);
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IProvisioningGateway>());
    }

    [Fact]
    public void A_gateway_built_from_a_list_validates_it_too()
    {
        var element = new NetworkElementOptions { Id = "hlr-1", Port = 0 };

        var error = Assert.Throws<OptionsValidationException>(() => new ProvisioningGateway([element], [new Adapters.Hlr.CaiAdapterFactory()]));

        Assert.Contains("Elements:0:Port must be 1–65535", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Elements:0:User is required", StringComparison.Ordinal));
    }

    /// <summary>The gateway's services from <paramref name="settings"/>, optionally without one of the adapter factories it registers.</summary>
    private static ServiceProvider Build(Dictionary<string, string?> settings, Type? without = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddProvisioningGateway(configuration.GetSection(ProvisioningOptions.SectionName));
        foreach (var factory in services.Where(d => without is not null && d.ServiceType == typeof(INetworkElementAdapterFactory) && d.ImplementationType == without).ToList())
        {
            services.Remove(factory);
        }

        return services.BuildServiceProvider();
    }
}
