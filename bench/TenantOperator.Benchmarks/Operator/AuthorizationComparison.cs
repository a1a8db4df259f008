using System.Globalization;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// What the server's authorization costs the operator (issue 8's goal: within 10 %): the cold start and the restart
/// on a converged cluster, with RBAC on (every request authenticated and authorized, the operator as its
/// ServiceAccount, OwnerReferencesPermissionEnforcement checking each policy create) and with AlwaysAllow (tokens still
/// checked, nothing authorized), on fresh clusters, the modes alternating so that drift in the machine's load falls
/// on both. Reports each run and the medians' ratio, in wall-clock time and in the CPU time of this process (the
/// LocalApiServer, where authorization runs, and the scenario's observer, the same in both modes): on a shared
/// machine the wall clock measures the neighbours as much as the server, CPU time much less.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- operator --compare-authorization [--rounds 2] [--write-qps 1000]</c>.
/// </summary>
public static class AuthorizationComparison
{
    public static async Task RunAsync(ScenarioOptions options, ScenarioReport report, string work)
    {
        var runs = new Dictionary<AuthorizationMode, List<(double ColdSynced, double ColdConverged, double RestartSynced, double RestartReconciled, double ColdCpu, double RestartCpu)>>
        {
            [AuthorizationMode.Rbac] = [],
            [AuthorizationMode.AlwaysAllow] = [],
        };
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var mode in round % 2 == 1 ? new[] { AuthorizationMode.Rbac, AuthorizationMode.AlwaysAllow } : [AuthorizationMode.AlwaysAllow, AuthorizationMode.Rbac])
            {
                report.Log($"round {round}: authorization {Name(mode)}");
                var (cluster, client, observer, context) = await OperatorScenario.SetUpAsync(options, report, work, mode);
                try
                {
                    var cpu = ServerCpuSeconds();
                    var cold = await ColdStartPhase.RunAsync(context);
                    var coldCpu = ServerCpuSeconds() - cpu;
                    cpu = ServerCpuSeconds();
                    var restart = await ResyncPhase.RestartAsync(context, TimeSpan.Zero);
                    var restartCpu = ServerCpuSeconds() - cpu;
                    report.Result($"round {round}, authorization {Name(mode)}: CPU time of the LocalApiServer's process, cold start / restart",
                        FormattableString.Invariant($"{coldCpu:F1} s / {restartCpu:F1} s"));
                    runs[mode].Add((cold.Synced, cold.Converged, restart.Synced, restart.Reconciled, coldCpu, restartCpu));
                    var denied = cluster.Server.Authorization.Denials.Count(d => d.User == cluster.OperatorUserName);
                    report.Result($"round {round}, authorization {Name(mode)}: forbidden requests of the operator", denied.ToString(CultureInfo.InvariantCulture), "0");
                }
                finally
                {
                    await context.StopOperatorAsync();
                    await observer.DisposeAsync();
                    client.Dispose();
                    await cluster.DisposeAsync();
                }
            }
        }

        Compare(report, "cold start: CPU time of the LocalApiServer's process", runs, r => r.ColdCpu);
        Compare(report, "restart: CPU time of the LocalApiServer's process", runs, r => r.RestartCpu);
        Compare(report, "cold start: started → every tenant Ready, every policy in place", runs, r => r.ColdConverged);
        Compare(report, "cold start: started → caches synced", runs, r => r.ColdSynced);
        Compare(report, "restart: started → every tenant reconciled", runs, r => r.RestartReconciled);
        Compare(report, "restart: started → caches synced", runs, r => r.RestartSynced);
    }

    private static void Compare<T>(ScenarioReport report, string measure, Dictionary<AuthorizationMode, List<T>> runs, Func<T, double> seconds)
    {
        var on = Median(runs[AuthorizationMode.Rbac].Select(seconds));
        var off = Median(runs[AuthorizationMode.AlwaysAllow].Select(seconds));
        report.Result($"{measure}: RBAC on vs off (median of {runs[AuthorizationMode.Rbac].Count})",
            FormattableString.Invariant($"{on:F1} s vs {off:F1} s: {(on / off - 1) * 100:+0.0;-0.0} % (runs on: {string.Join(", ", runs[AuthorizationMode.Rbac].Select(r => seconds(r).ToString("F1", CultureInfo.InvariantCulture)))}; off: {string.Join(", ", runs[AuthorizationMode.AlwaysAllow].Select(r => seconds(r).ToString("F1", CultureInfo.InvariantCulture)))})"),
            "within +10 %");
    }

    private static double ServerCpuSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Name(AuthorizationMode mode) => mode == AuthorizationMode.Rbac ? "RBAC" : "AlwaysAllow";
}
