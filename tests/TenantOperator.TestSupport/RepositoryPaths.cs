namespace TenantOperator.TestSupport;

/// <summary>Paths inside the repository, found from the test assembly's directory.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository's root: the directory that holds TenantOperator.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No TenantOperator.sln above {AppContext.BaseDirectory}.");
    }
}
