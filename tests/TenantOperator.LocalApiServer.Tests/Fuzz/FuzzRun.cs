using CsCheck;

namespace TenantOperator.LocalApiServer.Tests.Fuzz;

/// <summary>
/// A fuzzing run: from one seed, a deterministic sequence of generated requests against one server,
/// stopping at the first failure. Each case has its own seed (the generator's state before it), printed
/// with a failure, so the case can be run again alone.
/// </summary>
public static class FuzzRun
{
    /// <summary>The seed a run with no other seed starts from.</summary>
    public static string FixedSeed { get; } = new PCG(12, 20261203).ToString();

    public static async Task<FuzzOutcome> RunAsync(RequestFuzzer fuzzer, string seed, Func<int, bool> more, Action<string> log)
    {
        var pcg = PCG.Parse(seed);
        var cases = 0;
        while (more(cases))
        {
            var caseSeed = pcg.ToString();
            var request = RequestGen.Request.Generate(pcg, null, out _);
            cases++;
            if (await fuzzer.RunAsync(request) is { } failure)
            {
                log($"fuzz case {cases} (case seed {caseSeed}) failed: {failure}\n{request}");
                return new FuzzOutcome(cases, caseSeed, request, failure);
            }
        }

        return new FuzzOutcome(cases, null, null, null);
    }

    /// <summary>The one case a case seed stands for.</summary>
    public static FuzzRequest Case(string caseSeed) => RequestGen.Request.Generate(PCG.Parse(caseSeed), null, out _);
}

/// <summary>How a run ended: the cases sent, and the failing case with its seed, if one failed.</summary>
public sealed record FuzzOutcome(int Cases, string? FailedCaseSeed, FuzzRequest? FailedRequest, string? Failure);
