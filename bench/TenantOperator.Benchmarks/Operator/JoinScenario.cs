using System.Runtime.InteropServices;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// Issue 9's numbers: what a namespace joining a tenant costs as the tenant grows. A LocalApiServer in this process
/// with a small regular fleet (<see cref="TenantFleet"/>, 10 tenants × 10 namespaces by default) and large tenants of
/// 10, 100, 1,000 and 5,000 namespaces, and the real operator in a process of its own, as its ServiceAccount. Phases: cold start
/// (writes, and
/// the operator's memory with a 5,000-namespace tenant), the intra-tenant policy's size per tenant size, namespaces
/// joining each large tenant one at a time (writes per join), a burst of namespaces joining the 1,000-namespace tenant
/// at once, memory at the end.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- joins [--large-tenants 10,100,1000,5000] [--joins 20] [--burst 100] [...]</c>.
/// </summary>
public static class JoinScenario
{
    private static readonly int[] DefaultSizes = [10, 100, 1_000, 5_000];

    public static async Task RunAsync(string[] args)
    {
        var options = ScenarioOptions.Parse(["--tenants", "10", .. args]);
        if (options.LargeTenantSizes.Count == 0)
        {
            options = options with { LargeTenantSizes = DefaultSizes };
        }

        var report = new ScenarioReport();
        var work = Directory.CreateTempSubdirectory("join-scenario-").FullName;
        report.Log($"{options.Tenants} tenants × {options.NamespacesPerTenant} namespaces and tenants of {string.Join(", ", options.LargeTenantSizes)} namespaces, " +
            $"write budget {options.WriteQps} QPS; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; work directory {work}");
        var (cluster, client, observer, context) = await OperatorScenario.SetUpAsync(options, report, work, AuthorizationMode.Rbac);
        await using var disposeCluster = cluster;
        using var disposeClient = client;
        await using var disposeObserver = observer;
        try
        {
            await ColdStartPhase.RunAsync(context);
            foreach (var size in options.LargeTenantSizes)
            {
                report.Result($"cold start: the tenant of {size} namespaces", $"{context.PlanNow().Hashes.Keys.Count(k => k.StartsWith(TenantFleet.LargeTenantName(size) + "-ns-", StringComparison.Ordinal))} policies created");
            }

            JoinPhase.ReportPolicySizes(context);
            foreach (var size in options.LargeTenantSizes)
            {
                await JoinPhase.OneAtATimeAsync(context, size);
            }

            var burstInto = options.LargeTenantSizes.Contains(1_000) ? 1_000 : options.LargeTenantSizes[^1];
            await JoinPhase.BurstAsync(context, burstInto, options.BurstNamespaces);
            JoinPhase.ReportPolicySizes(context);
            await context.ReportEndAsync();
        }
        finally
        {
            await context.StopOperatorAsync();
        }

        await report.PrintAsync(options.MarkdownPath);
    }
}
