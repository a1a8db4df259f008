using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Hosting;
using TenantOperator.Tests.Integration;

namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// Every metric the alerts, the recording rules and the Grafana dashboard use is one a running operator exports on
/// /metrics, so renaming a metric fails here instead of silently blinding an alert.
/// </summary>
public sealed class MetricNamesTests
{
    // Series Prometheus itself makes for every target; the operator cannot export them.
    private static readonly HashSet<string> PrometheusOwn = ["up"];

    private static readonly string[] HistogramSeries = ["_bucket", "_sum", "_count"];

    [Fact]
    public async Task MetricsUsedByAlertsRulesAndDashboard_AreExportedByARunningOperator()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
        var leader = cluster.StartOperator(OperatorTestCluster.Options("op-1", leaderElect: true));
        await cluster.WaitForReadyReasonAsync("a", "Reconciled");
        var follower = cluster.StartOperator(OperatorTestCluster.Options("op-2", leaderElect: true));
        await using var leaderHealth = await HealthServer.StartAsync("http://127.0.0.1:0", leader.Instance, NullLoggerFactory.Instance, CancellationToken.None);
        await using var followerHealth = await HealthServer.StartAsync("http://127.0.0.1:0", follower.Instance, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient();

        var exported = Declared(await http.GetStringAsync(new Uri(leaderHealth.Address, "/metrics")));
        var rules = PrometheusRules.Load();
        var used = rules.Expressions.Select(e => ("config/prometheus/rules.yaml", e))
            .Concat(GrafanaDashboard.Panels().SelectMany(p => p.Expressions.Select(e => ($"dashboard panel \"{p.Title}\"", e))))
            .SelectMany(u => PromQlMetricNames.Of(u.Item2).Select(name => (Where: u.Item1, Name: name)))
            .ToList();

        Assert.True(used.Count > 20, $"only {used.Count} metric uses found: the expression parser lost them");
        var missing = used
            .Where(u => !PrometheusOwn.Contains(u.Name) && !(u.Name.Contains(':', StringComparison.Ordinal) ? rules.RecordedNames.Contains(u.Name) : exported.Contains(u.Name)))
            .Select(u => $"{u.Where}: {u.Name}")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "not exported by the operator (nor recorded by the rules):\n" + string.Join("\n", missing));

        // The latency objective reads one bucket by its bound; a changed bucket layout would make it read nothing.
        var text = await http.GetStringAsync(new Uri(leaderHealth.Address, "/metrics"));
        Assert.Contains("tenant_operator_isolation_latency_seconds_bucket{le=\"2\"} ", text);

        // A follower that never led says so: without its 0, "no replica leads" could not be told from "none runs".
        await OperatorTestCluster.WaitUntilAsync(async () =>
            (await http.GetStringAsync(new Uri(followerHealth.Address, "/metrics"))).Contains("tenant_operator_leader_is_leader{lease=\"tenant-operator\"} 0\n", StringComparison.Ordinal),
            "the follower exports tenant_operator_leader_is_leader 0");
        Assert.Contains("tenant_operator_leader_is_leader{lease=\"tenant-operator\"} 1\n", await http.GetStringAsync(new Uri(leaderHealth.Address, "/metrics")));
    }

    /// <summary>The series names a /metrics page declares (# TYPE lines; histograms with their three series).</summary>
    private static HashSet<string> Declared(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ');
            names.Add(parts[2]);
            if (parts[3] is "histogram" or "summary")
            {
                names.UnionWith(HistogramSeries.Select(suffix => parts[2] + suffix));
            }
        }

        return names;
    }
}
