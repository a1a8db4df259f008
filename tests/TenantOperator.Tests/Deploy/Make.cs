using TenantOperator.Tests.Monitoring;

namespace TenantOperator.Tests.Deploy;

/// <summary>The repository's Makefile run by the real make, with the environment a test gives it.</summary>
internal static class Make
{
    public static Task<ToolRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ExternalTool.RunAsync("make", "make", RepositoryPaths.Root, environment, ["--no-print-directory", "-s", .. args]);

    public static Task<ToolRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);
}
