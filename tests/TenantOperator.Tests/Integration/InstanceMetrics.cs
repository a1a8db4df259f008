using System.Globalization;

namespace TenantOperator.Tests.Integration;

/// <summary>One operator instance's own metrics, read as its /metrics endpoint serves them: what that instance did.</summary>
internal static class InstanceMetrics
{
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    /// <summary>The sum of the samples of <paramref name="name"/> that carry every one of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public static async Task<double> SumAsync(OperatorRun run, string name, params string[] labels)
    {
        var text = await run.Instance.Metrics.ExportAsTextAsync();
        return text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>Reconciles this instance finished, whatever their result.</summary>
    public static Task<double> ReconcilesAsync(OperatorRun run) => SumAsync(run, "tenant_operator_reconcile_total");

    /// <summary>Requests this instance sent that could change something (any resource, any answer).</summary>
    public static async Task<double> WriteRequestsAsync(OperatorRun run)
    {
        var total = 0.0;
        foreach (var verb in WriteVerbs)
        {
            total += await SumAsync(run, "tenant_operator_api_requests_total", $"verb=\"{verb}\"");
        }

        return total;
    }
}
