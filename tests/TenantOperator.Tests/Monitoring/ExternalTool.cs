using System.Diagnostics;

namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// A tool from Debian's packages (promtool, lua5.1, kubectl) run as a child process. A missing tool fails the test
/// with the package to install, never skips it: .ci/run and the README's set-up install them.
/// </summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="tool"/> in <paramref name="workingDirectory"/> and returns its exit code and output.</summary>
    public static async Task<ToolRun> RunAsync(string tool, string debianPackage, string workingDirectory, params string[] args)
    {
        var path = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed: install Debian's {debianPackage} package (scripts/install-test-tools.sh installs every tool the tests run) to run this test");
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish within {Deadline.TotalSeconds} s");
        }

        return new ToolRun(process.ExitCode, await output, await error);
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}

/// <summary>What a tool printed and how it exited.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
