namespace NMcs.Plugins;

/// <summary>What happened to one rule file the <see cref="PluginFolderWatcher"/> picked up.</summary>
public sealed class PluginFileEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public PluginFileEventArgs(string path, RuleDeployResult? result, string? error)
    {
        Path = path;
        Result = result;
        Error = error;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>The deployment result, when the file could be read.</summary>
    public RuleDeployResult? Result { get; }

    /// <summary>Why the file could not be read or deployed at all (I/O error, unexpected failure), else null.</summary>
    public string? Error { get; }

    /// <summary>True when the rule in the file is active (newly deployed or unchanged).</summary>
    public bool Succeeded => Error is null && Result is { Succeeded: true };

    /// <summary>One line for the log.</summary>
    public string Message => Error is not null
        ? $"{System.IO.Path.GetFileName(Path)}: {Error}"
        : $"{System.IO.Path.GetFileName(Path)}: {Result?.Summary}";
}

/// <summary>
/// Watches a folder and deploys every <c>*.cs</c> file dropped or changed there into a <see cref="TariffRuleRegistry"/>
/// under the name the file declares, after the file has been quiet for the debounce interval (editors and copies
/// write in several steps). Outcomes, good or bad, are reported through <see cref="FileProcessed"/>; the watcher
/// never throws from its callbacks. Deleting a file does not retire its rule.
/// </summary>
public sealed class PluginFolderWatcher : IDisposable
{
    private readonly TariffRuleRegistry _registry;
    private readonly Dictionary<string, Timer> _pending = new(StringComparer.Ordinal);
    private readonly Lock _pendingGate = new();
    private readonly Lock _deployGate = new();
    private FileSystemWatcher? _watcher;
    private volatile bool _disposed;

    /// <summary>Creates a watcher; nothing happens until <see cref="Start"/>.</summary>
    /// <param name="registry">Registry to deploy into.</param>
    /// <param name="folder">Folder to watch (created if missing).</param>
    /// <param name="debounce">Quiet time before a changed file is deployed; 300 ms when null.</param>
    public PluginFolderWatcher(TariffRuleRegistry registry, string folder, TimeSpan? debounce = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _registry = registry;
        Folder = Path.GetFullPath(folder);
        Debounce = debounce ?? TimeSpan.FromMilliseconds(300);
        ArgumentOutOfRangeException.ThrowIfLessThan(Debounce, TimeSpan.Zero);
    }

    /// <summary>Raised after each file was processed (deployed, unchanged, refused or unreadable). Handler exceptions are swallowed.</summary>
    public event EventHandler<PluginFileEventArgs>? FileProcessed;

    /// <summary>The watched folder (full path).</summary>
    public string Folder { get; }

    /// <summary>Quiet time before a changed file is deployed.</summary>
    public TimeSpan Debounce { get; }

    /// <summary>
    /// Starts watching. With <paramref name="deployExisting"/>, first deploys the files already in the folder
    /// (synchronously, in name order), so a host that calls this at start-up has them active when it returns.
    /// </summary>
    public void Start(bool deployExisting = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_watcher is not null)
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        var watcher = new FileSystemWatcher(Folder, "*.cs")
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Created += (_, e) => Schedule(e.FullPath);
        watcher.Changed += (_, e) => Schedule(e.FullPath);
        watcher.Renamed += (_, e) => Schedule(e.FullPath);
        watcher.Error += (_, e) =>
        {
            Report(new PluginFileEventArgs(Folder, null, $"file watcher error, rescanning the folder: {e.GetException().Message}"));
            ScheduleAll();
        };
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;

        if (deployExisting)
        {
            foreach (var path in ListRuleFiles())
            {
                Process(path);
            }
        }
    }

    /// <summary>Stops watching; files already being deployed finish.</summary>
    public void Dispose()
    {
        _disposed = true;
        _watcher?.Dispose();
        lock (_pendingGate)
        {
            foreach (var timer in _pending.Values)
            {
                timer.Dispose();
            }

            _pending.Clear();
        }
    }

    private List<string> ListRuleFiles() =>
        Directory.EnumerateFiles(Folder, "*.cs").Where(IsRuleFile).Order(StringComparer.Ordinal).ToList();

    private static bool IsRuleFile(string path) => !Path.GetFileName(path).StartsWith('.');

    private void ScheduleAll()
    {
        try
        {
            foreach (var path in ListRuleFiles())
            {
                Schedule(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(new PluginFileEventArgs(Folder, null, $"cannot list the folder: {ex.Message}"));
        }
    }

    private void Schedule(string path)
    {
        if (_disposed || !IsRuleFile(path))
        {
            return;
        }

        lock (_pendingGate)
        {
            if (_pending.TryGetValue(path, out var timer))
            {
                timer.Change(Debounce, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _pending[path] = new Timer(OnQuiet, path, Debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnQuiet(object? state)
    {
        var path = (string)state!;
        lock (_pendingGate)
        {
            if (_pending.Remove(path, out var timer))
            {
                timer.Dispose();
            }
        }

        if (!_disposed)
        {
            Process(path);
        }
    }

    private void Process(string path)
    {
        lock (_deployGate)
        {
            PluginFileEventArgs outcome;
            try
            {
                var source = ReadWhenReady(path);
                if (source is null)
                {
                    return; // deleted or renamed away before it settled
                }

                outcome = new PluginFileEventArgs(path, _registry.DeploySource(source, Path.GetFileName(path)), null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                outcome = new PluginFileEventArgs(path, null, $"cannot read the file: {ex.Message}");
            }
#pragma warning disable CA1031 // The watcher runs on timer threads: report anything, never crash the host.
            catch (Exception ex)
            {
                outcome = new PluginFileEventArgs(path, null, $"deployment failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
            }
#pragma warning restore CA1031

            Report(outcome);
        }
    }

    private static string? ReadWhenReady(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            catch (IOException) when (attempt < 5)
            {
                // Still being written by another process: try again shortly.
                Thread.Sleep(100);
            }
        }
    }

    private void Report(PluginFileEventArgs outcome)
    {
        try
        {
            FileProcessed?.Invoke(this, outcome);
        }
#pragma warning disable CA1031 // A subscriber's bug must not stop the watcher.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }
}
