using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Plugins;
using NMcs.Storage;

namespace NMcs.Grains;

/// <summary>
/// Tariff rule plugins on this silo. A deploy (GraphQL, CLI or the watched folder) compiles and checks the source
/// and runs its samples, stores it as the next version in the database and activates it here; every other silo
/// picks the new version up from the database within <see cref="SyncInterval"/> (see <c>TariffRuleSync</c>).
/// Suspended records of the rule are re-rated after each deploy.
/// </summary>
public sealed class TariffRuleService(
    RuleStore store,
    SuspendedUsageStore suspended,
    IGrainFactory grains,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock,
    ILogger<TariffRuleService> logger,
    NMcsOptions? options = null) : IDisposable
{
    /// <summary>How often a silo looks for rule versions deployed on other silos.</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(1);

    // The registry does not own a runner it is given: disposed with this service.
    private readonly TariffRuleRegistry _registry = new(clock, new RuleRunner(new RuleRunnerOptions { Isolation = options?.RuleIsolation ?? RuleIsolation.Inline }));
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Where rule calls run on this silo (setting <c>NMcs:RuleIsolation</c>).</summary>
    public RuleIsolation Isolation => _registry.Runner.Isolation;

    /// <summary>The active version of a rule on this silo, or null.</summary>
    public CompiledRule? Active(string name) => _registry.Get(name);

    /// <summary>Active rule versions on this silo.</summary>
    public IReadOnlyList<RuleVersionInfo> ActiveRules => _registry.GetActive();

    /// <summary>
    /// Deploys a rule: refused with every compile error (file, line, column), forbidden API or failing sample,
    /// changing nothing; otherwise stored as the next version, active on this silo at once and on the others
    /// within <see cref="SyncInterval"/>.
    /// </summary>
    public async Task<RuleVersionInfo> DeployAsync(string source, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        fileName = string.IsNullOrWhiteSpace(fileName) ? "rule.cs" : Path.GetFileName(fileName);
        var candidate = Check(source, fileName, "source");
        candidate.Candidate?.Unload();

        if (_registry.Get(candidate.Name!) is { } active && active.Info.Sha256 == candidate.Info!.Sha256)
        {
            // The same source is already the active version: nothing to deploy.
            return active.Info;
        }

        await _gate.WaitAsync(cancellationToken);
        RuleVersionInfo info;
        try
        {
            var stored = await store.AppendAsync(new StoredRule(candidate.Name!, 0, candidate.Info!.Sha256, fileName, source, clock.GetUtcNow()), cancellationToken);
            var loaded = _registry.LoadPersisted(stored.Name, stored.Version, stored.Source, stored.DeployedAt, stored.FileName);
            if (!loaded.Succeeded)
            {
                throw new InvalidOperationException($"rule {stored.Name} v{stored.Version} was stored but failed to load: {loaded}");
            }

            NMcsMetrics.RulesLoaded.Inc();
            info = loaded.Info!;
        }
        finally
        {
            _gate.Release();
        }

        logger.LogInformation("Tariff rule {Rule} v{Version} deployed from {File}", info.Name, info.Version, fileName);
        await ResumeSuspendedAsync(info.Name, cancellationToken);
        return info;
    }

    /// <summary>
    /// Compiles, checks and sample-tests a rule without storing or activating it, for what-if re-rating. The caller
    /// owns the result and must <see cref="CompiledRule.Unload"/> it when done. Refused like a deploy, naming
    /// <paramref name="field"/>.
    /// </summary>
    public CompiledRule BuildCandidate(string source, string fileName, string field = "candidateRule")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        fileName = string.IsNullOrWhiteSpace(fileName) ? "rule.cs" : Path.GetFileName(fileName);
        return Check(source, fileName, field).Candidate!;
    }

    private RuleDeployResult Check(string source, string fileName, string field)
    {
        var candidate = _registry.BuildCandidate(source, fileName);
        if (!candidate.Succeeded)
        {
            candidate.Candidate?.Unload();
            var problems = candidate.Diagnostics.Select(d => d.ToString())
                .Concat(candidate.SampleFailures.Select(f => $"sample '{f.SampleName}': expected {f.ExpectedAmount}, got {(f.ActualAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no amount")}: {f.Reason}"));
            throw new DomainException("RULE_REFUSED", field, $"{fileName} was refused and nothing changed: " + string.Join("; ", problems));
        }

        return candidate;
    }

    /// <summary>Loads rule versions deployed elsewhere (or before a restart) that this silo does not run yet.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        var latest = await store.LatestAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var rule in latest)
            {
                if ((_registry.Get(rule.Name)?.Version ?? 0) >= rule.Version)
                {
                    continue;
                }

                var loaded = _registry.LoadPersisted(rule.Name, rule.Version, rule.Source, rule.DeployedAt, rule.FileName);
                if (loaded.Succeeded)
                {
                    NMcsMetrics.RulesLoaded.Inc();
                    logger.LogInformation("Tariff rule {Rule} v{Version} activated on this silo", rule.Name, rule.Version);
                }
                else
                {
                    logger.LogError("Tariff rule {Rule} v{Version} failed to load on this silo: {Problem}", rule.Name, rule.Version, loaded.ToString());
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Re-rates the suspended records of <paramref name="ruleName"/>; returns how many were rated.</summary>
    public async Task<int> ResumeSuspendedAsync(string ruleName, CancellationToken cancellationToken = default)
    {
        var waiting = await suspended.ListAsync(ruleName, cancellationToken: cancellationToken);
        var rated = 0;
        foreach (var bySim in waiting.GroupBy(s => s.Iccid, StringComparer.Ordinal))
        {
            var records = bySim.Select(s => JsonSerializer.Deserialize<UsageRecordIn>(s.Record)!).ToList();
            var outcomes = await grains.GetGrain<ISimGrain>(bySim.Key).RateUsage(records, resumeSuspended: true);
            rated += outcomes.Count(o => o.Status == UsageOutcomeStatus.Rated);
        }

        if (waiting.Count > 0)
        {
            logger.LogInformation("Re-rated {Rated} of {Suspended} suspended records of rule {Rule}", rated, waiting.Count, ruleName);
        }

        return rated;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registry.Dispose();
        _registry.Runner.Dispose();
        _gate.Dispose();
    }
}
