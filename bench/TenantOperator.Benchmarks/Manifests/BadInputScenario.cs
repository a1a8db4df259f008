using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TenantOperator.Benchmarks.Manifests;

/// <summary>
/// Issue 12's CLI examples, each run by the real executable in a process of its own: exit code, the first line it
/// printed, wall time, CPU time and peak resident memory (polled from /proc). The goal is exit 1 with a located error
/// within 5 s and 300 MiB; the last row is near the largest input the limits accept (8 MiB, 20,000 objects), for scale.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- bad-input</c>.
/// </summary>
public static class BadInputScenario
{
    private const string Tenant = "apiVersion: isolation.tenantoperator.io/v1alpha1\nkind: TenantIsolation\nmetadata:\n  name: a\nspec:\n  namespaces: [a]\n";

    public static async Task RunAsync()
    {
        var directory = Directory.CreateTempSubdirectory("bad-input-bench-");
        try
        {
            var examples = new (string Name, string Verb, string Input)[]
            {
                ("-f /dev/zero", "validate", "/dev/zero"),
                ("-f /dev/urandom", "validate", "/dev/urandom"),
                ("50 MiB file", "audit", Write(directory, "big.yaml", Repeat("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: padding\n", 50L * 1024 * 1024))),
                ("nesting 100,000 deep, flow", "validate", Write(directory, "flow.yaml", "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n")),
                ("nesting 100,000 deep, block", "validate", Write(directory, "block.yaml", Repeat("- ", 200_000) + "x\n")),
                ("nesting 100,000 deep, JSON", "validate", Write(directory, "deep.json", "{\"a\": " + new string('[', 100_000) + new string(']', 100_000) + "}")),
                ("alias bomb (billion laughs)", "render", Write(directory, "bomb.yaml", AliasBomb())),
                ("unclosed [ then more lines", "validate", Write(directory, "unclosed.yaml", "a: [x\nb: c\n")),
                ("port: 1e400", "render", Write(directory, "e400.yaml", Tenant + "  egress: [{name: x, ports: [{port: 1e400}]}]\n")),
                ("port: true", "render", Write(directory, "true.yaml", Tenant + "  egress: [{name: x, ports: [{port: true}]}]\n")),
                ("metadata.name: 123", "validate", Write(directory, "name.yaml", Tenant.Replace("name: a\n", "name: 123\n", StringComparison.Ordinal))),
                ("labels: {tier: 1}", "validate", Write(directory, "labels.yaml", Tenant.Replace("name: a\n", "name: a\n  labels: {tier: 1}\n", StringComparison.Ordinal))),
                ("cidr: \"[2001:db8::]/32\"", "validate", Write(directory, "cidr.yaml", Tenant + "  egress: [{name: x, to: [{ipBlock: {cidr: \"[2001:db8::]/32\"}}]}]\n")),
                ("JSON with a trailing comma", "validate", Write(directory, "comma.json", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\",}}")),
                ("kubeconfig that is not one", "audit --kubeconfig", Write(directory, "notes.md", "# notes\nSee: [the docs\nand more\n")),
                ("port: 0x50 (kubectl: 80)", "render", Write(directory, "hex.yaml", Tenant + "  egress: [{name: x, ports: [{port: 0x50}]}]\n")),
                ("19,000 TenantIsolations, 7.7 MiB", "validate", Write(directory, "tenants.yaml", Tenants(19_000))),
            };

            Console.WriteLine($"{"example",-40} {"verb",-18} {"exit",4} {"wall s",7} {"cpu s",6} {"peak MiB",9}  first line");
            foreach (var (name, verb, input) in examples)
            {
                var arguments = verb.Split(' ').Append(verb.Contains("--kubeconfig", StringComparison.Ordinal) ? input : "-f").ToList();
                if (!verb.Contains("--kubeconfig", StringComparison.Ordinal))
                {
                    arguments.Add(input);
                }

                var (exitCode, seconds, cpu, peak, firstLine) = await RunAsync(arguments);
                var line = firstLine.Replace(directory.FullName + "/", "", StringComparison.Ordinal);
                Console.WriteLine($"{name,-40} {verb,-18} {exitCode,4} {seconds,7:F2} {cpu,6:F2} {peak,9:F0}  {(line.Length > 100 ? line[..100] + "..." : line)}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, double Seconds, double CpuSeconds, double PeakMiB, string FirstLine)> RunAsync(List<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tenant-operator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var peakKiB = 0L;
        var cpuTicks = 0L;
        while (!process.HasExited)
        {
            peakKiB = Math.Max(peakKiB, PeakResidentKiB(process.Id));
            cpuTicks = Math.Max(cpuTicks, CpuTicks(process.Id));
            await Task.Delay(5);
        }

        await process.WaitForExitAsync();
        var firstLine = ((await error).Split('\n').FirstOrDefault(l => l.Length > 0) ?? (await output).Split('\n').FirstOrDefault() ?? "").TrimEnd();
        return (process.ExitCode, clock.Elapsed.TotalSeconds, cpuTicks / 100.0, peakKiB / 1024.0, firstLine);
    }

    /// <summary>User and system CPU time so far, in clock ticks (1/100 s), 0 once the process is gone.</summary>
    private static long CpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The process's peak resident set so far (VmHWM), 0 once it is gone.</summary>
    private static long PeakResidentKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Write(DirectoryInfo directory, string name, string content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Repeat(string text, long bytes) => new StringBuilder().Insert(0, text, (int)(bytes / text.Length)).ToString();

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = "a";
        foreach (var name in "bcdefghi")
        {
            yaml.Append(CultureInfo.InvariantCulture, $"{name}: &{name} [{string.Join(",", Enumerable.Repeat("*" + previous, 9))}]\n");
            previous = name.ToString();
        }

        return yaml.ToString();
    }

    private static string Tenants(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: isolation.tenantoperator.io/v1alpha1
                kind: TenantIsolation
                metadata: {"{"}name: team-{i}, labels: {"{"}owner: platform{"}"}{"}"}
                spec:
                  namespaceSelector: {"{"}matchLabels: {"{"}tenant: team-{i}{"}"}{"}"}
                  namespaces: [team-{i}-legacy]
                  egress:
                  - name: payments-api
                    to: [{"{"}ipBlock: {"{"}cidr: 203.0.113.0/24, except: [203.0.113.128/25]{"}"}{"}"}, {"{"}tenant: shared-services{"}"}]
                    ports: [{"{"}protocol: TCP, port: 443{"}"}]

                """);
        }

        return text.ToString();
    }
}
