using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The real <c>tenant-operator run</c> in a process of its own, so that its memory and CPU are its own and not the
/// LocalApiServer's: started with a kubeconfig, stopped with SIGTERM as Kubernetes stops a pod. Its resident set and
/// CPU time come from <c>/proc</c>; its managed heap, reconciles and queue from its own <c>/metrics</c>.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux; /proc/[pid]/stat counts in these
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly StreamWriter _log;

    private OperatorProcess(Process process, Uri metrics, StreamWriter log, long startedAt)
    {
        _process = process;
        _log = log;
        StartedAt = startedAt;
        _http = new HttpClient { BaseAddress = metrics, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The <see cref="Stopwatch"/> time the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <c>dotnet tenant-operator.dll run</c> against <paramref name="kubeconfig"/>: one replica (no leader
    /// election, so no Lease traffic in the counts), the given write budget and resync period, its output appended to
    /// <paramref name="logPath"/>.
    /// </summary>
    public static OperatorProcess Start(string kubeconfig, double writeQps, TimeSpan resyncPeriod, string logPath) =>
        Start(kubeconfig, logPath,
        [
            "--leader-elect", "false",
            "--write-qps", writeQps.ToString(CultureInfo.InvariantCulture),
            "--resync-period", resyncPeriod == TimeSpan.Zero ? "0s" : $"{(int)resyncPeriod.TotalSeconds}s",
        ]);

    /// <summary>
    /// Starts <c>dotnet tenant-operator.dll run --kubeconfig … --metrics-address …</c> with <paramref name="runArguments"/>
    /// after them, its output appended to <paramref name="logPath"/> and, line by line as it comes, given to
    /// <paramref name="onLine"/> when there is one.
    /// </summary>
    public static OperatorProcess Start(string kubeconfig, string logPath, IReadOnlyList<string> runArguments, Action<string>? onLine = null)
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "tenant-operator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "run", "--kubeconfig", kubeconfig, "--metrics-address", $"http://127.0.0.1:{port}" }.Concat(runArguments))
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data, onLine);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data, onLine);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process, new Uri($"http://127.0.0.1:{port}/"), log, startedAt);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (the caches have listed); returns the Stopwatch time it did.</summary>
    public async Task<long> WaitUntilReadyAsync(TimeSpan deadline)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The operator exited with code {_process.ExitCode} before it was ready; see its log.");
            }

            try
            {
                using var response = await _http.GetAsync("readyz");
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetTimestamp() > until)
            {
                throw new TimeoutException($"The operator was not ready within {deadline.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The operator's metrics now.</summary>
    public async Task<PrometheusText> MetricsAsync() => PrometheusText.Parse(await _http.GetStringAsync("metrics"));

    /// <summary>
    /// Has the operator collect its whole heap (<c>POST /debug/gc</c>; it must run with <c>--debug-endpoints true</c>)
    /// and returns the bytes of live managed objects after it.
    /// </summary>
    public async Task<long> HeapAfterFullCollectionAsync()
    {
        using var response = await _http.PostAsync("debug/gc", content: null);
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("heapBytes").GetInt64();
    }

    /// <summary>
    /// Resident set now and at its peak (VmRSS, VmHWM), and the part of it that is anonymous memory (RssAnon: the
    /// heaps) rather than mapped files (RssFile: the runtime's and the assemblies' code), in bytes.
    /// </summary>
    public (long Resident, long Peak, long Anonymous) Memory()
    {
        var values = Status();
        return (values.GetValueOrDefault("VmRSS"), values.GetValueOrDefault("VmHWM"), values.GetValueOrDefault("RssAnon"));
    }

    /// <summary>
    /// The resident set in its three parts, in bytes: anonymous memory (RssAnon: the managed heap and native allocations),
    /// pages of mapped files (RssFile: the runtime's and the assemblies' code, paged in as it is first run) and shared
    /// memory (RssShmem: on Linux the runtime maps the code it compiles through shared memory, W^X).
    /// </summary>
    public (long Anonymous, long File, long Shared) ResidentParts()
    {
        var values = Status();
        return (values.GetValueOrDefault("RssAnon"), values.GetValueOrDefault("RssFile"), values.GetValueOrDefault("RssShmem"));
    }

    // The memory lines of /proc/[pid]/status (VmRSS, VmHWM, RssAnon, RssFile, RssShmem, ...: "Name:   1234 kB"), in bytes.
    private Dictionary<string, long> Status() =>
        File.ReadLines($"/proc/{Id}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[1].TrimEnd().EndsWith(" kB", StringComparison.Ordinal))
            .ToDictionary(parts => parts[0], parts => Kilobytes(parts[1]) * 1024, StringComparer.Ordinal);

    /// <summary>CPU time used so far (user + system), in seconds.</summary>
    public double CpuSeconds()
    {
        // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Kills the operator with SIGKILL, as a node failure or the OOM killer would: no drain, no lease release.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Stops the operator as Kubernetes does (SIGTERM) and waits for it to exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }

        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        await _log.DisposeAsync();
    }

    private static void Append(StreamWriter log, string? line, Action<string>? onLine)
    {
        if (line is not null)
        {
            onLine?.Invoke(line);
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static long Kilobytes(string value) =>
        long.Parse(value.Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
