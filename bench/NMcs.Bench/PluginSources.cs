namespace NMcs.Bench;

/// <summary>Finds the shipped rule files in the repository's <c>plugins/</c> folder.</summary>
internal static class PluginSources
{
    /// <summary>
    /// The folder named by <paramref name="configured"/>, else the first <c>plugins/</c> folder holding
    /// <c>NightDataFree.cs</c> found walking up from the working directory and from the benchmark's binaries.
    /// </summary>
    public static string Folder(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new ArgumentException($"--plugins {configured}: no such folder.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "plugins");
                if (File.Exists(Path.Combine(candidate, "NightDataFree.cs")))
                {
                    return candidate;
                }
            }
        }

        throw new ArgumentException("could not find the plugins/ folder (with NightDataFree.cs); run from the repository or pass --plugins DIR.");
    }

    /// <summary>Path and text of rule file <paramref name="rule"/> (with or without <c>.cs</c>).</summary>
    public static (string Path, string Source) Read(string folder, string rule)
    {
        var file = rule.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? rule : rule + ".cs";
        var path = System.IO.Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            var shipped = string.Join(", ", Directory.EnumerateFiles(folder, "*.cs").Select(System.IO.Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
            throw new ArgumentException($"--rule {rule}: no {file} in {folder} (shipped: {shipped}).");
        }

        return (path, File.ReadAllText(path));
    }
}
