using System.Globalization;
using CsCheck;
using TenantOperator.Tests.Cli.Fuzz;

namespace TenantOperator.Benchmarks.Manifests;

/// <summary>
/// The long fuzz run of the CLI's manifest reading (tests/TenantOperator.Tests/Cli/Fuzz/ManifestFuzz.cs, whose bounded
/// run with a fixed seed is part of <c>make test</c>): fresh random seeds for as long as asked; CsCheck shrinks a
/// failing case and prints its seed, which <c>--seed</c> replays.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- fuzz-manifests [--seconds 600] [--threads 2] [--seed SEED]</c>.
/// </summary>
public static class FuzzManifestsScenario
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 600;
        var threads = Option(args, "--threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var seed = Option(args, "--seed");
        Console.WriteLine(seed is null
            ? $"fuzzing manifests for {seconds} s on {threads} thread(s) with fresh seeds; a failure prints its seed"
            : $"replaying seed {seed}");

        // The CLI verbs write temporary files and run in-process; one case in ten keeps the run mostly on the reader.
        var cases = 0L;
        await ManifestFuzz.Cases.SampleAsync(
            async fuzzCase =>
            {
                ManifestFuzz.Check(fuzzCase);
                if (Interlocked.Increment(ref cases) % 10 == 0)
                {
                    await ManifestFuzz.CheckVerbsAsync(fuzzCase);
                }
            },
            writeLine: Console.WriteLine,
            seed: seed,
            iter: seed is null ? -1 : 1,
            time: seed is null ? seconds : -1,
            threads: threads,
            print: fuzzCase => fuzzCase.ToString());
        Console.WriteLine($"{cases} cases passed");
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
