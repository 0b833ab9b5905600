using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Grains;
using NMcs.Identifiers;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>
/// The account grain rates and prices a large batch a chunk of records at a time. A record whose rule throws is
/// suspended in whichever chunk it falls, and the records after it are rated as if it had never counted: in the
/// first chunk that matters for the pooled allowance, in a later chunk for nothing else.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class RulePricingChunkTests(ClusterFixture fixture)
{
    private const string Rule = """
        using System.Collections.Generic;
        using NMcs.Rules;

        public sealed class ChunkPoison : ITariffRule
        {
            public RuleOutput Apply(RuleInput input)
            {
                if (input.Usage.RecordId.StartsWith("poison", System.StringComparison.Ordinal))
                {
                    throw new System.InvalidOperationException("poisoned record");
                }

                return new(input.RatedAmount, "unchanged");
            }

            public IReadOnlyList<RuleSample> Samples { get; } =
            [
                new("unchanged", new RuleInput(
                    new UsageFacts("s1", "DATA", 1m, default, default, null, null),
                    new AccountFacts("A", "EUR", 1), 0.01m, 1m, "MB", new Dictionary<string, string>()), 0.01m),
            ];
        }
        """;

    // Data 0.01 per MB after a pooled 100 MB, every data charge through ChunkPoison.
    private static readonly ProductOffering Tariff = new()
    {
        Id = "CHUNK-DATA",
        Version = 0,
        Name = "Chunked data",
        ValidFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Currency = Currency.Eur,
        UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.01m }],
        Allowances = [new Allowance { Id = "pool", Name = "100 MB pooled", Service = "DATA", Quantity = 100m, Unit = "MB", Scope = AllowanceScope.Pooled }],
        Rules = [new RuleRef { Name = "ChunkPoison" }],
    };

    [Fact]
    public async Task A_failing_rule_suspends_its_record_in_any_chunk_and_the_rest_rate_as_if_it_never_counted()
    {
        await DeployEverywhereAsync();

        // The collection's clock only moves forward and other tests set it to fixed days (1 March to 12 May): this
        // test starts wherever it is (always at midnight, so the 10 hours of records stay in one monthly cycle).
        var start = ClusterFixture.Clock.GetUtcNow();
        var draft = await fixture.Catalog.SaveDraftAsync(Tariff);
        var product = await fixture.Catalog.PublishAsync(draft.Id, draft.Version);
        await fixture.Grains.GetGrain<ICustomerGrain>("CHUNK").Create("Chunk Metering", "EUR", "UTC");
        var iccid = "894900000000008800" + Luhn.CheckDigit("894900000000008800");
        var sim = fixture.Grains.GetGrain<ISimGrain>(iccid);
        await sim.Register("262019000088001", "4917090088001");
        await sim.Assign("CHUNK");
        await sim.Activate(product.Id, product.Version);
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(1));

        // 600 records of 1 MB, one a minute from an hour after activation: more than two pricing chunks (256). Record 10 falls in the
        // first chunk, inside the pooled 100 MB; record 400 in the second chunk, after the pool is used up.
        var records = Enumerable.Range(0, 600)
            .Select(i => new UsageRecordIn(
                i,
                i is 10 or 400 ? $"poison-{i}" : $"chunk-{i:D3}",
                iccid,
                "DATA",
                1m,
                "MB",
                1_048_576m,
                start.AddHours(1).AddMinutes(i)))
            .ToList();

        var outcomes = await sim.RateUsage(records);

        Assert.Equal(["poison-10", "poison-400"], outcomes.Where(o => o.Status == UsageOutcomeStatus.Suspended).Select(o => o.RecordId));
        Assert.Equal(598, outcomes.Count(o => o.Status == UsageOutcomeStatus.Rated));

        // 598 MB rated; the first 100 of them are free (the poisoned record 10 does not use the pool), so
        // 598 - 100 = 498 MB x 0.01 = 4.98. Had record 10 counted, the pool would end one record earlier: 4.99.
        Assert.Equal(4.98m, outcomes.Where(o => o.Status == UsageOutcomeStatus.Rated).Sum(o => o.Amount ?? 0m));
        Assert.Equal(0m, outcomes.Single(o => o.RecordId == "chunk-099").Amount);
        Assert.Equal(0m, outcomes.Single(o => o.RecordId == "chunk-100").Amount);
        Assert.Equal(0.01m, outcomes.Single(o => o.RecordId == "chunk-101").Amount);
        var charges = await fixture.Grains.GetGrain<IAccountGrain>(NMcs.Abstractions.GrainKeys.PayerAccountOf("CHUNK")).GetRealTimeCharges();
        Assert.Equal((598, 4.98m), (charges.RatedRecords, charges.UnbilledUsageAmount));

        // The stored explanation: the engine's steps, then the rule's, joined by " | ".
        var rows = await new NMcs.Storage.UsageLedger(ClusterFixture.Database).ForSimAsync(iccid, 1_000);
        var steps = rows.Single(r => r.RecordId == "chunk-101").Steps.Split(" | ");
        Assert.True(steps.Length >= 2, string.Join(" | ", steps));
        Assert.All(steps, step => Assert.False(string.IsNullOrWhiteSpace(step)));
        Assert.Matches(@"^rule ChunkPoison v\d+: unchanged -> 0\.01$", steps[^1]);
        Assert.DoesNotContain(steps[..^1], step => step.StartsWith("rule ", StringComparison.Ordinal));
    }

    private async Task DeployEverywhereAsync()
    {
        var silos = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().ToList();
        var services = silos.Select(s => s.ServiceProvider.GetRequiredService<TariffRuleService>()).ToList();
        if (services[0].Active("ChunkPoison") is null)
        {
            await services[0].DeployAsync(Rule, "ChunkPoison.cs");
        }

        // The other silos pick the rule up from the store within a second; allow for a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (services.Any(s => s.Active("ChunkPoison") is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.All(services, s => Assert.NotNull(s.Active("ChunkPoison")));
    }
}
