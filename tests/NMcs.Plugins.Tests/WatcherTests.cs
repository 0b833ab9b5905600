using System.Collections.Concurrent;

namespace NMcs.Plugins.Tests;

public sealed class WatcherTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nmcs-plugins-" + Guid.NewGuid().ToString("N"));
    private readonly RuleRunner _runner = TestRules.FastRunner();
    private readonly TariffRuleRegistry _registry;
    private readonly BlockingCollection<PluginFileEventArgs> _events = [];

    public WatcherTests()
    {
        Directory.CreateDirectory(_folder);
        _registry = new TariffRuleRegistry(runner: _runner);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _runner.Dispose();
        _events.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private PluginFileEventArgs Next(string fileName)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_events.TryTake(out var e, deadline - DateTime.UtcNow))
        {
            if (Path.GetFileName(e.Path) == fileName)
            {
                return e;
            }
        }

        throw new TimeoutException($"no event for {fileName}");
    }

    [Fact]
    public void Files_in_the_folder_are_deployed_at_start_and_when_dropped_or_changed()
    {
        File.WriteAllText(Path.Combine(_folder, "Existing.cs"), TestRules.Multiplier(2m, "Existing"));
        using var watcher = new PluginFolderWatcher(_registry, _folder, TimeSpan.FromMilliseconds(100));
        watcher.FileProcessed += (_, e) => _events.Add(e);

        watcher.Start();

        // Files already there are deployed before Start returns.
        var existing = Next("Existing.cs");
        Assert.True(existing.Succeeded, existing.Message);
        Assert.Equal(1, _registry.Get("Existing")!.Version);

        // A dropped file is deployed under its class name.
        File.WriteAllText(Path.Combine(_folder, "Dropped.cs"), TestRules.Multiplier(3m, "Dropped"));
        var dropped = Next("Dropped.cs");
        Assert.True(dropped.Succeeded, dropped.Message);
        Assert.Equal(30m, _registry.Get("Dropped")!.Apply(TestRules.Input(rated: 10m)).Output!.Amount);

        // A change deploys a new version.
        File.WriteAllText(Path.Combine(_folder, "Dropped.cs"), TestRules.Multiplier(4m, "Dropped"));
        var changed = Next("Dropped.cs");
        Assert.True(changed.Succeeded, changed.Message);
        Assert.Equal(2, _registry.Get("Dropped")!.Version);
        Assert.Equal(40m, _registry.Get("Dropped")!.Apply(TestRules.Input(rated: 10m)).Output!.Amount);
    }

    [Fact]
    public void A_broken_file_is_reported_and_the_watcher_keeps_going()
    {
        using var watcher = new PluginFolderWatcher(_registry, _folder, TimeSpan.FromMilliseconds(100));
        watcher.FileProcessed += (_, e) => _events.Add(e);
        watcher.FileProcessed += (_, _) => throw new InvalidOperationException("a subscriber's bug");
        watcher.Start();

        File.WriteAllText(Path.Combine(_folder, "Broken.cs"), "public class Broken {\n  int x = ;\n}");
        var broken = Next("Broken.cs");
        Assert.False(broken.Succeeded);
        Assert.NotNull(broken.Result);
        Assert.Contains(broken.Result!.Diagnostics, d => d.FileName == "Broken.cs" && d.Line == 2);
        Assert.Contains("Broken.cs: line 2", broken.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_folder, "Good.cs"), TestRules.Multiplier(2m, "Good"));
        Assert.True(Next("Good.cs").Succeeded);
        Assert.NotNull(_registry.Get("Good"));
    }
}
