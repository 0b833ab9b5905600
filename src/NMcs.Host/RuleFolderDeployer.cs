using NMcs.Grains;

namespace NMcs.Host;

/// <summary>
/// Deploys tariff rules dropped into the folder configured as <c>NMcs:RuleFolder</c>: every <c>*.cs</c> at start
/// (unchanged sources are not deployed again) and every file created or changed afterwards, after a short debounce
/// so a file still being written is read once complete. Results go to the log; a bad file never stops the host.
/// </summary>
public sealed class RuleFolderDeployer(NMcsOptions options, TariffRuleService rules, ILogger<RuleFolderDeployer> logger) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.RuleFolder))
        {
            return;
        }

        var folder = Path.GetFullPath(options.RuleFolder);
        Directory.CreateDirectory(folder);
        await rules.SyncAsync(stoppingToken);
        var changed = System.Threading.Channels.Channel.CreateUnbounded<string>();
        using var watcher = new FileSystemWatcher(folder, "*.cs") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Created += (_, e) => changed.Writer.TryWrite(e.FullPath);
        watcher.Changed += (_, e) => changed.Writer.TryWrite(e.FullPath);
        watcher.Renamed += (_, e) => changed.Writer.TryWrite(e.FullPath);
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Folder} for tariff rules", folder);

        foreach (var file in Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal))
        {
            await DeployAsync(file, stoppingToken);
        }

        var pending = new HashSet<string>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            pending.Add(await changed.Reader.ReadAsync(stoppingToken));
            await Task.Delay(Debounce, stoppingToken);
            while (changed.Reader.TryRead(out var more))
            {
                pending.Add(more);
            }

            foreach (var file in pending)
            {
                await DeployAsync(file, stoppingToken);
            }

            pending.Clear();
        }
    }

    private async Task DeployAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            var info = await rules.DeployAsync(await File.ReadAllTextAsync(file, cancellationToken), Path.GetFileName(file), cancellationToken);
            logger.LogInformation("Rule file {File}: {Rule} v{Version} active", file, info.Name, info.Version);
        }
        catch (DomainException e)
        {
            logger.LogError("Rule file {File} refused: {Reason}", file, e.Message);
        }
        catch (IOException e)
        {
            logger.LogWarning("Rule file {File} could not be read yet: {Reason}", file, e.Message);
        }
    }
}
