using System.Diagnostics;

namespace TenantOperator.Tests.Scripts;

/// <summary>
/// scripts/test-summary.sh, run with bash over results files crafted after real ones (tests/TenantOperator.Tests/Scripts/
/// Fixtures): a run only passes when every test project of the solution ran tests and none failed or was cut short.
/// </summary>
public sealed class TestSummaryScriptTests : IDisposable
{
    private static readonly string Fixtures = RepositoryPaths.Of("tests", "TenantOperator.Tests", "Scripts", "Fixtures");
    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("test-summary-");

    public void Dispose() => _results.Delete(recursive: true);

    /// <summary>
    /// Each case: what it shows, the fixtures in the results directory, then the exit code, the last line, what stderr
    /// must explain and what it must not.
    /// </summary>
    public static TheoryData<string, string[], int, string, string[], string[]> Runs => new()
    {
        {
            // Shop.TestSupport, a library under tests\ that says it is no test project, is not expected to leave results.
            "every project passed: the sums, exit 0",
            ["shop-tests.passed.trx", "shop-api-tests.passed.trx"], 0, "tests: 65 passed, 0 failed", [], ["test-summary:"]
        },
        {
            "results in subdirectories are found",
            [Path.Combine("a", "shop-tests.passed.trx"), Path.Combine("b", "c", "shop-api-tests.passed.trx")], 0, "tests: 65 passed, 0 failed", [], ["test-summary:"]
        },
        {
            "a failed test is counted and fails the run",
            ["shop-tests.passed.trx", "shop-api-tests.one-failed.trx"], 1, "tests: 64 passed, 1 failed", [], []
        },
        {
            "error, timeout, aborted, inconclusive and not executed all count as failed",
            ["shop-tests.other-outcomes.trx", "shop-api-tests.passed.trx"], 1, "tests: 49 passed, 6 failed", [], []
        },
        {
            // The host died mid-run: the counters hold the 40 tests that finished, all passed; the one it ran is nowhere.
            "a crashed host's partial file with only passes in its counters fails the run",
            ["shop-tests.crashed-partial.trx", "shop-api-tests.passed.trx"], 1, "tests: 65 passed, 1 failed",
            ["the test run was aborted (Test host process crashed : Process terminated.)"], []
        },
        {
            "a host that crashed before any result fails the run, and its file is known as that project's",
            ["shop-tests.crashed-before-results.trx", "shop-api-tests.passed.trx"], 1, "tests: 25 passed, 1 failed",
            ["the test run was aborted"], ["left no results file"]
        },
        {
            "a project where no test ran fails the run",
            ["shop-tests.no-tests.trx", "shop-api-tests.passed.trx"], 1, "tests: 25 passed, 1 failed",
            ["no test ran (No test is available in /work/repo/tests/Shop.Tests/bin/Release/net10.0/Shop.Tests.dll.)"], []
        },
        {
            "a test project of the solution without a results file fails the run",
            ["shop-api-tests.passed.trx"], 1, "tests: 25 passed, 1 failed",
            ["test project Shop.Tests (in solution.sln) left no results file"], ["Shop.Api.Tests"]
        },
        {
            // This suite's own test names quote those messages: only where the test platform writes them do they count.
            "test names that quote the platform's messages are not taken for them",
            ["shop-tests.passed-quoting-the-platform.trx", "shop-api-tests.passed.trx"], 0, "tests: 65 passed, 0 failed", [], ["test-summary:"]
        },
        {
            "a test name that quotes another project's assembly does not stand for that project's run",
            ["shop-tests.passed-quoting-the-platform.trx"], 1, "tests: 40 passed, 1 failed",
            ["test project Shop.Api.Tests (in solution.sln) left no results file"], []
        },
        {
            "no results at all fail the run, naming every missing project",
            [], 1, "tests: 0 passed, 3 failed",
            ["no results file (*.trx)", "test project Shop.Tests (in solution.sln) left no results file", "test project Shop.Api.Tests (in solution.sln) left no results file"],
            ["Shop.TestSupport"]
        },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task OnlyARunInWhichEveryTestProjectRanAndPassed_Passes(
        string behaviour, string[] fixtures, int exitCode, string lastLine, string[] explained, string[] notExplained)
    {
        var run = await SummarizeAsync(fixtures);

        Assert.True((exitCode, lastLine) == (run.ExitCode, run.LastLine), $"{behaviour}: exit {run.ExitCode}, \"{run.LastLine}\"; stderr: {run.Errors}");
        Assert.All(explained, text => Assert.Contains(text, run.Errors, StringComparison.Ordinal));
        Assert.All(notExplained, text => Assert.DoesNotContain(text, run.Errors, StringComparison.Ordinal));
    }

    /// <summary>Copies the named fixtures (optionally into subdirectories) into a results directory and runs the script on it.</summary>
    private async Task<ScriptRun> SummarizeAsync(string[] fixtures)
    {
        foreach (var fixture in fixtures)
        {
            var target = Path.Combine(_results.FullName, fixture);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Fixtures, Path.GetFileName(fixture)), target);
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { RepositoryPaths.Of("scripts", "test-summary.sh"), _results.FullName, Path.Combine(Fixtures, "solution.sln") })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new ScriptRun(process.ExitCode, lines.Length == 0 ? "" : lines[^1], await errors);
    }

    private sealed record ScriptRun(int ExitCode, string LastLine, string Errors);
}
