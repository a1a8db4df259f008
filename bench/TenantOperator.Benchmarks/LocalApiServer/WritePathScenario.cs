using System.Diagnostics;
using System.Globalization;
using System.Text;
using TenantOperator.LocalApiServer;

namespace TenantOperator.Benchmarks.LocalApiServer;

/// <summary>
/// The write path of the local API server with and without a data directory (docs/local-apiserver.md, "Speed of the
/// write path"): a 4 KiB write + fsync on its own, sequential creates, creates by 16 concurrent writers, records per
/// fsync (group commit), and the time a restart takes to serve again. Checks that every create is there after the restart.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- write-path [scale]</c> (scale 20 for the
/// documented numbers: 1,000 sequential creates and 3,200 concurrent ones).
/// </summary>
public static class WritePathScenario
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const int Writers = 16;
    private const int WarmUp = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var scale = args.Length > 0 ? Math.Max(1, int.Parse(args[0], CultureInfo.InvariantCulture)) : 20;
        var sequential = 50 * scale;
        var perWriter = 10 * scale;
        var directory = Directory.CreateTempSubdirectory("write-path-").FullName;
        try
        {
            Console.WriteLine($"disk: 4 KiB write + fsync on {Path.GetTempPath()}: {Describe(MeasureRawFsync(Path.Combine(directory, "probe"), 50))}");
            File.Delete(Path.Combine(directory, "probe"));

            await using (var memory = await LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions()))
            {
                await MeasureAsync("in memory", memory, sequential, perWriter);
            }

            var options = new LocalApiServerOptions { DataDirectory = Path.Combine(directory, "data") };
            var expected = WarmUp + sequential + (Writers * perWriter);
            await using (var onDisk = await LocalKubernetesApiServer.StartAsync(options))
            {
                await MeasureAsync("data directory", onDisk, sequential, perWriter);
                var (syncs, records) = onDisk.Persistence!.JournalStatistics;
                Console.WriteLine($"data directory: {records} records in {syncs} fsyncs ({(double)records / syncs:F1} records per fsync)");
            }

            var started = Stopwatch.StartNew();
            await using var restarted = await LocalKubernetesApiServer.StartAsync(options);
            Console.WriteLine($"restart with {expected} configmaps: {started.Elapsed.TotalMilliseconds:F0} ms to serving");
            using var http = new HttpClient { BaseAddress = restarted.BaseAddress };
            var found = CountItems(await http.GetStringAsync(ConfigMaps));
            if (found != expected)
            {
                Console.Error.WriteLine($"after the restart {found} configmaps are there, {expected} were acknowledged");
                return 1;
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
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

    private static async Task MeasureAsync(string label, LocalKubernetesApiServer server, int sequential, int perWriter)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Writers * 2 }) { BaseAddress = server.BaseAddress };

        // First requests pay for JIT compilation and connection set-up: not part of the write path.
        for (var i = 0; i < WarmUp; i++)
        {
            await CreateAsync(http, $"warm-{i}");
        }

        var one = new List<double>();
        for (var i = 0; i < sequential; i++)
        {
            one.Add(await CreateAsync(http, $"seq-{i}"));
        }

        var wall = Stopwatch.StartNew();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<double>();
            for (var i = 0; i < perWriter; i++)
            {
                mine.Add(await CreateAsync(http, $"w{w}-{i}"));
            }

            return mine;
        })));
        wall.Stop();
        var all = concurrent.SelectMany(l => l).ToList();
        Console.WriteLine(new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{label}: {sequential} sequential creates {Describe(one)}; ")
            .Append(CultureInfo.InvariantCulture, $"{all.Count} creates by {Writers} concurrent writers {Describe(all)}, {all.Count / wall.Elapsed.TotalSeconds:F0} writes/s")
            .ToString());
    }

    private static async Task<double> CreateAsync(HttpClient http, string name)
    {
        using var body = new StringContent($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""", Encoding.UTF8, "application/json");
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(ConfigMaps, body);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"create {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return elapsed;
    }

    private static int CountItems(string list) => System.Text.Json.Nodes.JsonNode.Parse(list)!["items"]!.AsArray().Count;

    private static string Describe(List<double> latencies)
    {
        latencies.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
