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

    [Fact]
    public async Task EveryProjectPassing_PrintsTheSums_AndExitsZero()
    {
        var run = await SummarizeAsync("shop-tests.passed.trx", "shop-api-tests.passed.trx");

        Assert.Equal((0, "tests: 65 passed, 0 failed"), (run.ExitCode, run.LastLine));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task AFailedTest_IsCounted_AndFailsTheRun()
    {
        var run = await SummarizeAsync("shop-tests.passed.trx", "shop-api-tests.one-failed.trx");

        Assert.Equal((1, "tests: 64 passed, 1 failed"), (run.ExitCode, run.LastLine));
    }

    [Fact]
    public async Task ACrashedHostsPartialFile_WithOnlyPassesInItsCounters_FailsTheRun()
    {
        // The host died mid-run: the counters hold the 40 tests that finished, all passed; the one it was running is nowhere.
        var run = await SummarizeAsync("shop-tests.crashed-partial.trx", "shop-api-tests.passed.trx");

        Assert.Equal((1, "tests: 65 passed, 1 failed"), (run.ExitCode, run.LastLine));
        Assert.Contains("the test run was aborted (Test host process crashed : Process terminated.)", run.Errors);
    }

    [Fact]
    public async Task AHostThatCrashedBeforeAnyResult_FailsTheRun_AndIsNamedAsThatProjectsRun()
    {
        var run = await SummarizeAsync("shop-tests.crashed-before-results.trx", "shop-api-tests.passed.trx");

        Assert.Equal((1, "tests: 25 passed, 1 failed"), (run.ExitCode, run.LastLine));
        Assert.Contains("the test run was aborted", run.Errors);
        Assert.DoesNotContain("left no results file", run.Errors);
    }

    [Fact]
    public async Task ErrorTimeoutAbortedInconclusiveAndNotExecuted_AllCountAsFailed()
    {
        var run = await SummarizeAsync("shop-tests.other-outcomes.trx", "shop-api-tests.passed.trx");

        Assert.Equal((1, "tests: 49 passed, 6 failed"), (run.ExitCode, run.LastLine));
    }

    [Fact]
    public async Task AProjectWhereNoTestRan_FailsTheRun()
    {
        var run = await SummarizeAsync("shop-tests.no-tests.trx", "shop-api-tests.passed.trx");

        Assert.Equal((1, "tests: 25 passed, 1 failed"), (run.ExitCode, run.LastLine));
        Assert.Contains("no test ran (No test is available in /work/repo/tests/Shop.Tests/bin/Release/net10.0/Shop.Tests.dll.)", run.Errors);
    }

    [Fact]
    public async Task ATestProjectOfTheSolutionWithoutAResultsFile_FailsTheRun()
    {
        var run = await SummarizeAsync("shop-api-tests.passed.trx");

        Assert.Equal((1, "tests: 25 passed, 1 failed"), (run.ExitCode, run.LastLine));
        Assert.Contains("test project Shop.Tests (in solution.sln) left no results file", run.Errors);
    }

    [Fact]
    public async Task NoResultsAtAll_FailsTheRun_NamingEveryMissingProject()
    {
        var run = await SummarizeAsync();

        Assert.Equal((1, "tests: 0 passed, 3 failed"), (run.ExitCode, run.LastLine));
        Assert.Contains("no results file (*.trx)", run.Errors);
        Assert.Contains("test project Shop.Tests (in solution.sln) left no results file", run.Errors);
        Assert.Contains("test project Shop.Api.Tests (in solution.sln) left no results file", run.Errors);
    }

    [Fact]
    public async Task ResultsInSubdirectories_AreFound()
    {
        var run = await SummarizeAsync(Path.Combine("a", "shop-tests.passed.trx"), Path.Combine("b", "c", "shop-api-tests.passed.trx"));

        Assert.Equal((0, "tests: 65 passed, 0 failed"), (run.ExitCode, run.LastLine));
    }

    /// <summary>Copies the named fixtures (optionally into subdirectories) into a results directory and runs the script on it.</summary>
    private async Task<ScriptRun> SummarizeAsync(params string[] fixtures)
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
