namespace TenantOperator.Tests.Monitoring;

public class PromQlMetricNamesTests
{
    public static TheoryData<string, string[]> Cases() => new()
    {
        { "up", ["up"] },
        { "absent(up{job=\"tenant-operator-metrics\"} == 1)", ["up"] },
        { "sum by (ready, isolated) (a:b:c{ready!=\"True\"}) > 0", ["a:b:c"] },
        { "x_total unless on (job, instance) (y == 0)", ["x_total", "y"] },
        { "sum(rate(a_bucket{le=\"2\"}[30m])) / sum(rate(a_count[$__rate_interval] offset 5m))", ["a_bucket", "a_count"] },
        { "histogram_quantile(0.99, sum by (le) (rate(q_seconds_bucket[5m]))) > 1e3", ["q_seconds_bucket"] },
        { "label_replace(m, \"dst\", \"$1\", \"src\", \"(.*)\") and ignoring(pod) n", ["m", "n"] },
        { "sum without (instance) (m) or vector(0)", ["m"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MetricNames_AreTheSelectedSeries_NotFunctionsLabelsOrNumbers(string expression, string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), PromQlMetricNames.Of(expression).Order(StringComparer.Ordinal));
}
