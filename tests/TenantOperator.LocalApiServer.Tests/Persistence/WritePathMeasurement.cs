using System.Diagnostics;
using System.Globalization;
using System.Text;
using TenantOperator.LocalApiServer.Tests.Support;
using Xunit.Abstractions;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// Measures the write path with and without a data directory and prints the numbers (it asserts
/// correctness, never speed). The numbers in docs/local-apiserver.md come from a scaled-up run:
/// <c>LAS_MEASURE_SCALE=20 dotnet test tests/TenantOperator.LocalApiServer.Tests -c Release
/// --filter FullyQualifiedName~WritePathMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class WritePathMeasurement(ITestOutputHelper output)
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const int Writers = 16;
    private const int WarmUp = 20;

    [Fact]
    public async Task WritePath_WithAndWithoutFsync()
    {
        var scale = int.TryParse(Environment.GetEnvironmentVariable("LAS_MEASURE_SCALE"), CultureInfo.InvariantCulture, out var s) ? Math.Max(1, s) : 1;
        var sequential = 50 * scale;
        var perWriter = 10 * scale;
        using var directory = new TemporaryDirectory();
        output.WriteLine($"disk: 4 KiB write + fsync on {Path.GetTempPath()}: {Describe(MeasureRawFsync(directory.File("probe"), 50))}");

        await using (var memory = await DataDirectoryServer.StartAsync(new LocalApiServerOptions()))
        {
            await MeasureAsync("in memory", memory, sequential, perWriter);
        }

        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            await MeasureAsync("data directory", server, sequential, perWriter);
            var (syncs, records) = server.Server.Persistence!.JournalStatistics;
            output.WriteLine($"data directory: {records} records in {syncs} fsyncs ({(double)records / syncs:F1} records per fsync)");
            var expected = WarmUp + sequential + (Writers * perWriter);
            var started = Stopwatch.StartNew();
            server = await server.RestartAsync();
            output.WriteLine($"restart with {expected} configmaps: {started.Elapsed.TotalMilliseconds:F0} ms to serving");

            Assert.Equal(expected, (await server.ListItemsAsync(ConfigMaps)).Count);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static List<double> MeasureRawFsync(string path, int count)
    {
        var latencies = new List<double>();
        var block = new byte[4096];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            file.Write(block);
            file.Flush(flushToDisk: true);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }

    private static string Describe(List<double> latencies)
    {
        latencies.Sort();
        return $"p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms";
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task<double> CreateAsync(DataDirectoryServer server, string name)
    {
        var started = Stopwatch.GetTimestamp();
        var (code, body) = await server.PostAsync(ConfigMaps, Manifests.ConfigMap(name));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.True(code == 201, body.ToJsonString());
        return elapsed;
    }

    private async Task MeasureAsync(string label, DataDirectoryServer server, int sequential, int perWriter)
    {
        // First requests pay for JIT compilation and connection set-up: not part of the write path.
        for (var i = 0; i < WarmUp; i++)
        {
            await CreateAsync(server, $"warm-{i}");
        }

        var one = new List<double>();
        for (var i = 0; i < sequential; i++)
        {
            one.Add(await CreateAsync(server, $"seq-{i}"));
        }

        var wall = Stopwatch.StartNew();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<double>();
            for (var i = 0; i < perWriter; i++)
            {
                mine.Add(await CreateAsync(server, $"w{w}-{i}"));
            }

            return mine;
        })));
        wall.Stop();
        var all = concurrent.SelectMany(l => l).ToList();
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{label}: {sequential} sequential creates {Describe(one)}; ")
            .Append(CultureInfo.InvariantCulture, $"{all.Count} creates by {Writers} concurrent writers {Describe(all)}, {all.Count / wall.Elapsed.TotalSeconds:F0} writes/s");
        output.WriteLine(line.ToString());
    }
}
