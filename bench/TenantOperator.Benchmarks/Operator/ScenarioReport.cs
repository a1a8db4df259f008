using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>The scenario's results: printed as they come, then as one Markdown table (also written to a file if asked).</summary>
public sealed class ScenarioReport
{
    private readonly List<(string Measure, string Value, string Goal)> _rows = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>A progress line, prefixed with the time since the scenario began.</summary>
    public void Log(string message) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");

    /// <summary>A result, with its goal ("" when issue 5 sets none).</summary>
    public void Result(string measure, string value, string goal = "")
    {
        _rows.Add((measure, value, goal));
        Log($"{measure}: {value}{(goal.Length > 0 ? $"   (goal {goal})" : "")}");
    }

    /// <summary>The results as a Markdown table.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder("| Measure | Result | Goal |\n|---|---|---|\n");
        foreach (var (measure, value, goal) in _rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {measure} | {value} | {goal} |\n");
        }

        return text.ToString();
    }

    /// <summary>Prints the results as a Markdown table, and writes it to <paramref name="path"/> when given.</summary>
    public async Task PrintAsync(string? path)
    {
        var markdown = ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (path is not null)
        {
            await File.WriteAllTextAsync(path, markdown);
        }
    }

    /// <summary>Milliseconds between two Stopwatch timestamps.</summary>
    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>"n=… p50=… p99=… max=…" of latencies in milliseconds.</summary>
    public static string Percentiles(IReadOnlyList<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return FormattableString.Invariant($"n={sorted.Count} p50={At(0.50):F0} ms p90={At(0.90):F0} ms p99={At(0.99):F0} ms max={sorted[^1]:F0} ms");
    }

    /// <summary>Bytes as MiB.</summary>
    public static string MiB(double bytes) => FormattableString.Invariant($"{bytes / (1024 * 1024):F0} MiB");
}
