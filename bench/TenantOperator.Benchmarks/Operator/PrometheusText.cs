using System.Globalization;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>A scrape of a Prometheus text exposition: each sample line as <c>name{labels}</c> → value.</summary>
public sealed class PrometheusText
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private PrometheusText(List<(string Name, string Labels, double Value)> samples) => _samples = samples;

    /// <summary>Reads the exposition text; comment lines are skipped.</summary>
    public static PrometheusText Parse(string text)
    {
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? series : series[..brace];
            var labels = brace < 0 ? "" : series[brace..];
            samples.Add((name, labels, double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new PrometheusText(samples);
    }

    /// <summary>The sum of the samples of metric <paramref name="name"/> whose labels contain <paramref name="labelFilter"/>; 0 when absent.</summary>
    public double Sum(string name, string labelFilter = "") =>
        _samples.Where(s => s.Name == name && s.Labels.Contains(labelFilter, StringComparison.Ordinal)).Sum(s => s.Value);

    /// <summary>True when the exposition has a sample of metric <paramref name="name"/>.</summary>
    public bool Has(string name) => _samples.Any(s => s.Name == name);
}
