using TenantOperator.LocalApiServer.Tests.Fuzz;
using Xunit.Abstractions;

namespace TenantOperator.LocalApiServer.Tests.BadInput;

/// <summary>The fuzz run measures allocation process-wide, so it runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(RequestFuzzCollection), DisableParallelization = true)]
public sealed class RequestFuzzCollection;

/// <summary>
/// Property-based fuzzing of the server's request handling (see <see cref="RequestFuzzer"/> for what fails a
/// case), from a fixed seed with a bounded number of cases so every run sends the same requests. A longer
/// run with fresh seeds: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- fuzz-local-apiserver</c>.
/// Set LAS_FUZZ_CASE to a case seed from a failure to send only that case.
/// </summary>
[Collection(nameof(RequestFuzzCollection))]
public sealed class RequestFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 400;
    private const long MemoryBound = 300L * 1024 * 1024;

    [Fact]
    public async Task GeneratedRequests_NeverCrashHangOrEscapeTheirRoute()
    {
        await using var fuzzer = await RequestFuzzer.StartAsync(TimeSpan.FromSeconds(30), MemoryBound);
        if (Environment.GetEnvironmentVariable("LAS_FUZZ_CASE") is { Length: > 0 } caseSeed)
        {
            var request = FuzzRun.Case(caseSeed);
            output.WriteLine($"case {caseSeed}:\n{request}");
            Assert.Null(await fuzzer.RunAsync(request));
            return;
        }

        output.WriteLine($"fuzz seed {FuzzRun.FixedSeed}, {Cases} cases");
        var outcome = await FuzzRun.RunAsync(fuzzer, FuzzRun.FixedSeed, sent => sent < Cases, output.WriteLine);

        Assert.True(outcome.Failure is null, $"seed {FuzzRun.FixedSeed}, case seed {outcome.FailedCaseSeed}: {outcome.Failure}\n{outcome.FailedRequest}");
        Assert.Equal(Cases, outcome.Cases);
    }
}
