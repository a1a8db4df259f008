using System.Diagnostics;
using System.Globalization;
using CsCheck;
using TenantOperator.LocalApiServer.Tests.Fuzz;

namespace TenantOperator.Benchmarks.Fuzz;

/// <summary>
/// The long fuzzing run of the LocalApiServer's request handling: fresh seeds, a new server per seed,
/// until the time is up or a case fails. Prints the seed and the case seed of a failure, which
/// <c>LAS_FUZZ_CASE=&lt;case seed&gt; dotnet test ... --filter RequestFuzz</c> sends again alone.
/// Usage: <c>fuzz-local-apiserver [--minutes 10] [--cases-per-seed 500] [--seed SEED]</c>.
/// </summary>
public static class LocalApiServerFuzzScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = double.Parse(Option(args, "--minutes") ?? "10", CultureInfo.InvariantCulture);
        var casesPerSeed = int.Parse(Option(args, "--cases-per-seed") ?? "500", CultureInfo.InvariantCulture);
        var fixedSeed = Option(args, "--seed");
        var clock = Stopwatch.StartNew();
        var total = 0;
        var seeds = 0;
        while (clock.Elapsed.TotalMinutes < minutes)
        {
            var seed = fixedSeed ?? new PCG((uint)Random.Shared.Next(), (ulong)Random.Shared.NextInt64()).ToString();
            await using var fuzzer = await RequestFuzzer.StartAsync(TimeSpan.FromSeconds(10), 300L * 1024 * 1024);
            var outcome = await FuzzRun.RunAsync(fuzzer, seed, sent => sent < casesPerSeed && clock.Elapsed.TotalMinutes < minutes, Console.WriteLine);
            total += outcome.Cases;
            seeds++;
            if (outcome.Failure is not null)
            {
                Console.WriteLine($"FAILED: seed {seed}, case seed {outcome.FailedCaseSeed}, after {total} cases in {clock.Elapsed.TotalSeconds:F0} s");
                return 1;
            }

            Console.WriteLine($"seed {seed}: {outcome.Cases} cases passed ({total} in {clock.Elapsed.TotalSeconds:F0} s, {total / clock.Elapsed.TotalSeconds:F0} cases/s, working set {Environment.WorkingSet / (1024 * 1024)} MiB, heap after collection {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MiB)");
            if (fixedSeed is not null)
            {
                break;
            }
        }

        Console.WriteLine($"fuzz-local-apiserver: {total} cases from {seeds} seeds in {clock.Elapsed.TotalSeconds:F0} s, no failure");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
