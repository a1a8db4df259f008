using BenchmarkDotNet.Running;

namespace TenantOperator.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- --filter '*'</c>;
/// the LocalApiServer scale scenario: <c>... -- local-apiserver</c>; its write path with and without a data directory:
/// <c>... -- write-path [scale]</c>; the operator scale scenario: <c>... -- operator [--tenants 100]</c>;
/// fuzzing the LocalApiServer's request handling with fresh seeds: <c>... -- fuzz-local-apiserver [--minutes 10]</c>;
/// the CLI's bad-input examples: <c>... -- bad-input</c>; the long manifest fuzz run: <c>... -- fuzz-manifests</c>;
/// what joins cost as tenants grow: <c>... -- joins</c>; the chaos soak: <c>... -- soak [--short] [--minutes 30] [--seed 13]</c>;
/// the operator's write rate under a rewriting webhook: <c>... -- rewrite-loop [--tenants 50] [--minutes 8]</c>;
/// the shipped guardrails' admission overhead: <c>... -- admission [requests per round]</c>.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "local-apiserver")
        {
            await LocalApiServer.LocalApiServerScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "write-path")
        {
            Environment.ExitCode = await LocalApiServer.WritePathScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "admission")
        {
            await Admission.GuardrailOverheadScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "soak")
        {
            Environment.ExitCode = await Soak.SoakScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "fuzz-local-apiserver")
        {
            Environment.ExitCode = await Fuzz.LocalApiServerFuzzScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "rewrite-loop")
        {
            await Operator.RewriteLoopScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "operator")
        {
            await Operator.OperatorScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "joins")
        {
            await Operator.JoinScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "fuzz-manifests")
        {
            await Manifests.FuzzManifestsScenario.RunAsync(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "bad-input")
        {
            await Manifests.BadInputScenario.RunAsync();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
