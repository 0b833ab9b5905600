using Microsoft.Extensions.DependencyInjection;
using NMcs.Grains;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>A tariff rule deployed on one silo becomes active on every silo without a restart.</summary>
[Collection(ClusterGroup.Name)]
public sealed class RuleDistributionTests(ClusterFixture fixture)
{
    private const string Rule = """
        using System.Collections.Generic;
        using NMcs.Rules;

        public sealed class HalfPrice : ITariffRule
        {
            public RuleOutput Apply(RuleInput input) => new(input.RatedAmount / 2m, "half price");

            public IReadOnlyList<RuleSample> Samples { get; } =
            [
                new("4.00 becomes 2.00", new RuleInput(
                    new UsageFacts("s1", "DATA", 1m, default, default, null, null),
                    new AccountFacts("A", "EUR", 1), 4.00m, 1m, "MB", new Dictionary<string, string>()), 2.00m),
            ];
        }
        """;

    [Fact]
    public async Task A_rule_deployed_on_one_silo_is_active_on_the_other_within_the_sync_interval()
    {
        var silos = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().ToList();
        if (silos.Count < 2)
        {
            silos.Add((InProcessSiloHandle)await fixture.Cluster.StartAdditionalSiloAsync());
        }

        var first = silos[0].ServiceProvider.GetRequiredService<TariffRuleService>();
        var second = silos[1].ServiceProvider.GetRequiredService<TariffRuleService>();
        Assert.Null(second.Active("HalfPrice"));

        var deployed = await first.DeployAsync(Rule, "HalfPrice.cs");
        Assert.Equal(1, deployed.Version);
        Assert.Equal(1, first.Active("HalfPrice")!.Version);

        // The other silo polls the rule table every second; allow generous time on a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (second.Active("HalfPrice") is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var active = second.Active("HalfPrice");
        Assert.NotNull(active);
        Assert.Equal(deployed.Sha256, active.Info.Sha256);
        var output = active.Apply(active.Samples[0].Input);
        Assert.True(output.Succeeded);
        Assert.Equal(2.00m, output.Output!.Amount);
    }

    [Fact]
    public async Task A_rule_that_does_not_compile_is_refused_with_its_location_and_nothing_is_stored()
    {
        var silo = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().First();
        var rules = silo.ServiceProvider.GetRequiredService<TariffRuleService>();

        var error = await Assert.ThrowsAsync<DomainException>(() => rules.DeployAsync("public sealed class Broken : NMcs.Rules.ITariffRule {\n  nonsense\n}", "Broken.cs"));

        Assert.Equal("RULE_REFUSED", error.Code);
        Assert.Contains("Broken.cs", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"Broken\.cs: line \d+, col \d+: ", error.Message);
        Assert.Null(rules.Active("Broken"));
    }
}
