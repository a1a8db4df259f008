using Xunit.Abstractions;

namespace TenantOperator.Tests.Cli.Fuzz;

/// <summary>
/// The bounded fuzz run of <c>make test</c>: a fixed seed, so a failure reproduces, printed with the run; the long run
/// with fresh seeds is <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- fuzz-manifests</c>.
/// </summary>
public class ManifestFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261203;

    [Fact]
    public async Task HostileManifests_NeverCrashHangOrExhaustMemory_AndEveryProblemIsOneLocatedLine()
    {
        await ManifestFuzz.RunFixedAsync(Seed, iterations: 2000, verbsEvery: 10, output.WriteLine);
    }

    [Fact]
    public async Task EveryCorpusEntry_PassesTheChecksUnmutated()
    {
        foreach (var entry in ManifestFuzz.Corpus)
        {
            foreach (var tiny in new[] { false, true })
            {
                var fuzzCase = new ManifestFuzz.Case(System.Text.Encoding.UTF8.GetBytes(entry), tiny);
                ManifestFuzz.Check(fuzzCase);
                await ManifestFuzz.CheckVerbsAsync(fuzzCase);
            }
        }
    }
}
