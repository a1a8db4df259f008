using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using TenantOperator.LocalApiServer;

namespace TenantOperator.Benchmarks.LocalApiServer;

/// <summary>
/// Issue 4's speed scenario, as a console run (BenchmarkDotNet's repetitions would take hours at this
/// size): 10,000 namespaces and 50,000 NetworkPolicies written over HTTP by concurrent writers, then list
/// latency, watch fan-out to 10 watchers, and memory.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- local-apiserver [namespaces] [policiesPerNamespace]</c>.
/// </summary>
public static class LocalApiServerScenario
{
    private const int Writers = 16;
    private const int Watchers = 10;

    public static async Task RunAsync(string[] args)
    {
        var namespaces = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var perNamespace = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var started = Stopwatch.StartNew();
        await using var server = await LocalKubernetesApiServer.StartAsync();
        Report("start", $"{started.Elapsed.TotalMilliseconds:F0} ms");
        var handler = server.CreateHttpHandler();
        handler.MaxConnectionsPerServer = Writers * 2;
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminToken);

        var nsLatencies = await WriteAllAsync(http, namespaces, i => ("/api/v1/namespaces", Namespace($"ns-{i:D5}")));
        Report("create namespaces", Summary(nsLatencies));
        var total = namespaces * perNamespace;
        var writeClock = Stopwatch.StartNew();
        var npLatencies = await WriteAllAsync(http, total, i =>
        {
            var ns = $"ns-{i / perNamespace:D5}";
            return ($"/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies", Policy($"np-{i % perNamespace}", ns));
        });
        Report($"create {total} networkpolicies, {Writers} writers", $"{Summary(npLatencies)}, {total / writeClock.Elapsed.TotalSeconds:F0} writes/s");

        await MeasureAsync(http, "list all networkpolicies", "/apis/networking.k8s.io/v1/networkpolicies", 5);
        await MeasureAsync(http, "list networkpolicies in one namespace", "/apis/networking.k8s.io/v1/namespaces/ns-05000/networkpolicies", 200);
        await MeasureAsync(http, "list networkpolicies, labelSelector, all namespaces", "/apis/networking.k8s.io/v1/networkpolicies?labelSelector=tier%3Dnone", 5);
        await MeasureAsync(http, "list networkpolicies, page of 500", "/apis/networking.k8s.io/v1/networkpolicies?limit=500", 50);

        await WatchFanOutAsync(server, http);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Report("managed heap after load", $"{GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MiB");
        Report("process working set", $"{Environment.WorkingSet / (1024 * 1024)} MiB");
    }

    private static async Task WatchFanOutAsync(LocalKubernetesApiServer server, HttpClient http)
    {
        const int updates = 1_000;
        var revision = server.ResourceVersion;
        var received = new int[Watchers];
        var lastArrival = new long[Watchers];
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var readers = Enumerable.Range(0, Watchers).Select(w => Task.Run(async () =>
        {
            using var response = await http.GetAsync($"/apis/networking.k8s.io/v1/networkpolicies?watch=true&resourceVersion={revision}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            while (received[w] < updates && await reader.ReadLineAsync(cancel.Token) is not null)
            {
                received[w]++;
                lastArrival[w] = clock.ElapsedTicks;
            }
        })).ToList();
        while (server.OpenWatches < Watchers)
        {
            await Task.Delay(10);
        }

        var writeStart = clock.ElapsedTicks;
        await WriteAllAsync(http, updates, i => ($"/apis/networking.k8s.io/v1/namespaces/ns-{i:D5}/networkpolicies", Policy("fanout", $"ns-{i:D5}")));
        var writesDone = clock.ElapsedTicks;
        await Task.WhenAll(readers);
        var allDelivered = lastArrival.Max();
        Report(
            $"watch fan-out: {updates} creates to {Watchers} watchers",
            $"writes took {Ms(writesDone - writeStart):F0} ms; all {Watchers * updates} events delivered {Ms(allDelivered - writeStart):F0} ms after the first write ({Ms(allDelivered - writesDone):F0} ms after the last)");
    }

    private static async Task MeasureAsync(HttpClient http, string what, string path, int times)
    {
        var latencies = new List<double>();
        long bytes = 0;
        for (var i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync(path);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            bytes = body.Length;
        }

        Report(what, $"{Summary(latencies)} ({bytes / 1024} KiB)");
    }

    private static async Task<List<double>> WriteAllAsync(HttpClient http, int count, Func<int, (string Path, string Json)> make)
    {
        var latencies = new List<double>(count);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            var local = new List<double>();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var (path, json) = make(i);
                using var content = new StringContent(json, Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
                var watch = Stopwatch.StartNew();
                using var response = await http.PostAsync(path, content);
                local.Add(watch.Elapsed.TotalMilliseconds);
                if ((int)response.StatusCode != 201)
                {
                    throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            lock (latencies)
            {
                latencies.AddRange(local);
            }
        })));
        return latencies;
    }

    private static string Namespace(string name) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"tenant\":\"t" + name[^1] + "\"}}}";

    private static string Policy(string name, string ns) =>
        "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns +
        "\",\"labels\":{\"app.kubernetes.io/managed-by\":\"tenant-operator\"}},\"spec\":{\"podSelector\":{},\"policyTypes\":[\"Ingress\",\"Egress\"]," +
        "\"ingress\":[{\"from\":[{\"namespaceSelector\":{\"matchExpressions\":[{\"key\":\"kubernetes.io/metadata.name\",\"operator\":\"In\",\"values\":[\"" + ns + "\"]}]}}]}]}}";

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static string Summary(List<double> latencies)
    {
        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return $"n={latencies.Count} p50={At(0.50):F2} ms p99={At(0.99):F2} ms max={latencies[^1]:F2} ms";
    }

    private static void Report(string what, string result) => Console.WriteLine($"{what,-55} {result}");
}
