namespace NMcs.IntegrationTests;

/// <summary>Finds the repository root (the folder holding NMcs.sln) from the test output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "NMcs.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("NMcs.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
