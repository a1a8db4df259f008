using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using TenantOperator.Cli;
using TenantOperator.Manifests;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Tests.Cli.Fuzz;

/// <summary>
/// Property-based fuzzing of everything the CLI does with a manifest: hostile inputs grown from a corpus of the inputs
/// issue 12 found (crashes, silent passes, unbounded reads, kubectl disagreements), mutated byte by byte and token by
/// token, plus random documents of the shapes the CLI knows. A case fails on an unhandled exception, a problem that is
/// not one located line, a hang past <see cref="HangBound"/>, or more than <see cref="AllocationBound"/> bytes allocated.
/// Shared by the bounded run in <c>make test</c> (ManifestFuzzTests, fixed seed) and the long run with fresh seeds in
/// <c>bench/TenantOperator.Benchmarks -- fuzz-manifests</c>.
/// </summary>
public static class ManifestFuzz
{
    /// <summary>How long one case may take before it counts as a hang; cases take milliseconds.</summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(30);

    /// <summary>How many bytes one case may allocate: the largest legitimate case (an alias expansion up to its limit) needs about a fifth.</summary>
    public const long AllocationBound = 128L * 1024 * 1024;

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Small limits, so that cases reach every limit, not only the ones a small input can reach at the defaults.</summary>
    public static readonly InputLimits TinyLimits = new() { MaxBytes = 4096, MaxDocuments = 4, MaxDepth = 6, MaxNodes = 300, MaxAliasNodes = 40 };

    private const string Tenant = """
        apiVersion: isolation.tenantoperator.io/v1alpha1
        kind: TenantIsolation
        metadata:
          name: team-a
          labels: {owner: platform}
        spec:
          namespaceSelector: {matchLabels: {tenant: team-a}}
          namespaces: [team-a-legacy]
          mode: Enforce
          dns: {allow: true, namespace: kube-system, cidrs: [169.254.20.10/32]}
          ingress:
          - name: from-ingress
            podSelector: {matchLabels: {app: web}}
            from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
            ports: [{protocol: TCP, port: 8080}, {port: http}]
          egress:
          - name: payments
            to:
            - ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}
            - tenant: shared-services
            - namespaces: [vault]
            ports: [{protocol: UDP, port: 30000, endPort: 32767}]
          exemptNamespaces: [{name: team-a-sandbox, reason: load test}]

        """;

    /// <summary>The seed corpus: the inputs issue 12 reports, and well-formed manifests of every kind the CLI reads.</summary>
    public static readonly string[] Corpus =
    [
        Tenant,
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {tenant: team-a}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team-a-legacy}\n",
        """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Pod, metadata: {name: web-0, namespace: team-a, labels: {app: web}}, spec: {containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]}, status: {podIP: 10.0.0.5}}
        - apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: open, namespace: team-a}
          spec: {podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: 8080, endPort: 8090}]}]}

        """,
        "a: [x\nb: c\n",
        Tenant.Replace("port: 8080", "port: 1e400", StringComparison.Ordinal),
        Tenant.Replace("port: 8080", "port: true", StringComparison.Ordinal),
        Tenant.Replace("port: 8080", "port: \"80\"", StringComparison.Ordinal),
        Tenant.Replace("port: 8080", "port: 0120", StringComparison.Ordinal),
        Tenant.Replace("port: 8080", "port: 0x50", StringComparison.Ordinal),
        Tenant.Replace("port: 8080", "port: 0o120", StringComparison.Ordinal),
        Tenant.Replace("name: team-a\n", "name: 123\n", StringComparison.Ordinal),
        Tenant.Replace("name: team-a\n", "name: yes\n", StringComparison.Ordinal),
        Tenant.Replace("{owner: platform}", "{tier: 1}", StringComparison.Ordinal),
        Tenant.Replace("  labels: {owner: platform}\n", "  nmae: x\n", StringComparison.Ordinal),
        Tenant.Replace("cidr: 203.0.113.0/24, except: [203.0.113.128/25]", "cidr: \"\"", StringComparison.Ordinal),
        Tenant.Replace("cidr: 203.0.113.0/24", "cidr: \"[2001:db8::]/32\"", StringComparison.Ordinal),
        Tenant.Replace("except: [203.0.113.128/25]", "except: [203.0.113.0/24]", StringComparison.Ordinal),
        "base: &b {name: x, ports: [{port: 80}]}\nrules:\n- <<: *b\n  name: y2\n- a: 1\n  <<: [*b, {c: 2}]\n",
        """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a",}}""",
        """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "name": "b"}} {"kind": 1e400}""",
        """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "labels": {"x": "\ud800", "\udc00": "y"}}}""",
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        "a: " + new string('[', 70) + new string(']', 70) + "\n",
        string.Concat(Enumerable.Repeat("- ", 70)) + "x\n",
        "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: k, cluster: {server: \"https://127.0.0.1:6443\"}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nusers: [{name: u, user: {token: t}}]\n",
        "--- {a: 1}\n---\n...\n--- # c\nkind: X\n...\nkind: Y\n",
        "kind: X\nv: !!int \"x12\"\nw: !!binary aGVsbG8=\nx: ! 14\ny: !!float 1\nz: &z ~\n? [k]\n: v\n",
        "kind: X\ny: 1\nyes: 2\n0x10: a\n1e6: b\n~: c\n9223372036854775808: d\n",
        "apiVersion: isolation.tenantoperator.io/v1alpha1\nkind: \"Tenant\\nIsolation\"\nmetadata: {name: \"a\\nb\", labels: {\"x\\ny\": \"1\"}, \"q\\nr\": 1}\nspec: {namespaces: [a]}\n\"k\\nk\": 1\n\"k\\nk\": 2\n",
    ];

    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", ": ", "- ", ", ", "\n", "  ", "\t", "&a ", "*a", "<<: ", "---\n", "...\n", "'", "\"", "!!int ", "!!str ",
        "!!binary ", "!!merge ", "! ", "? ", "|\n", ">-\n", "#", "%YAML 1.1\n", "0x50", "0o120", "0120", "1e400", ".inf", ".nan", "~", "yes",
        "on", "null", "1_000", "9223372036854775808", "-0x8000000000000001", "\\u0000", "\\ud800", "\0", "\u0085", "\uFEFF", "\uFFFE", "é", "🙂",
        "\"a\\nb\"", "port: ", "cidr: ", "except: ", "name: ", "labels: ", "metadata: ", "spec: ", "kind: List\nitems: ", "apiVersion: v1\nkind: Namespace\n",
    ];

    private static readonly string[] Scalars =
    [
        "0x50", "0120", "0o120", "80", "80.0", "-1", "65536", "3000000000", "1e400", ".inf", "true", "yes", "~", "\"\"", "\"80\"", "http", "'0x50'",
        "10.0.0.0/8", "\"[2001:db8::]/32\"", "::ffff:10.0.0.0/104", "2001:db8::/32", "10.0.0.1/8", "TCP", "SCTP", "ICMP", "In", "Exists",
        "team-a", "Team_A", "-bad", "a/b", "x.io/y", "\"a b\"", "!!int 5", "&v 5", "*v", "[]", "{}", "[a, b]", "{a: 1}", "null",
    ];

    /// <summary>One fuzz input: bytes and the limits to read them with.</summary>
    public sealed record Case(byte[] Input, bool Tiny)
    {
        /// <inheritdoc />
        public override string ToString() => $"limits: {(Tiny ? "tiny" : "default")}, input ({Input.Length} bytes): {JsonSerializer.Serialize(Encoding.UTF8.GetString(Input), Readable)}";
    }

    /// <summary>A random document of a kind the CLI reads, its values drawn from <see cref="Scalars"/> and nested collections.</summary>
    private static Gen<string> Documents { get; } = Gen.Select(Value(3), Value(2), Value(2), Value(2), Value(2), Gen.Int[0, 2]).Select((a, b, c, d, e, kind) => kind switch
    {
        0 => $"apiVersion: isolation.tenantoperator.io/v1alpha1\nkind: TenantIsolation\nmetadata: {{name: {a}, labels: {{k: {b}}}}}\nspec:\n  namespaces: [{c}]\n  egress: [{{name: r, to: [{{ipBlock: {{cidr: {d}, except: [{e}]}}}}, {d}], ports: [{{port: {b}, endPort: {c}, protocol: {e}}}]}}]\n  ingress: [{{name: {e}, from: [{{podSelector: {{matchExpressions: [{{key: {a}, operator: {b}, values: [{c}]}}]}}}}]}}]\n  dns: {{cidrs: [{d}]}}\n  mode: {a}\n",
        1 => $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {a}, namespace: {b}}}\nspec:\n  podSelector: {{matchLabels: {{app: {c}}}}}\n  ingress: [{{from: [{{ipBlock: {{cidr: {d}}}}}], ports: [{{port: {e}, endPort: {a}}}]}}]\n  policyTypes: [{b}]\n",
        _ => $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {a}, namespace: {b}, labels: {{app: {c}}}}}\nspec: {{containers: [{{name: c, ports: [{{containerPort: {d}, name: {e}}}]}}]}}\nstatus: {{podIP: {d}}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: {b}}}\n",
    });

    private static Gen<string> Value(int depth) => depth == 0
        ? Gen.OneOfConst(Scalars)
        : Gen.Frequency(
            (4, Gen.OneOfConst(Scalars)),
            (1, Value(depth - 1).Array[0, 3].Select(items => "[" + string.Join(", ", items) + "]")),
            (1, Gen.Select(Gen.OneOfConst(Scalars), Value(depth - 1)).Array[0, 3].Select(pairs => "{" + string.Join(", ", pairs.Select(p => $"{p.Item1}: {p.Item2}")) + "}")));

    /// <summary>Inputs: corpus entries, mutated; random documents of the CLI's kinds; splices; raw bytes.</summary>
    public static Gen<Case> Cases { get; } = Gen.Select(
        Gen.Frequency(
            (4, Mutated(Gen.OneOfConst(Corpus).Select(Encoding.UTF8.GetBytes))),
            (3, Mutated(Documents.Select(Encoding.UTF8.GetBytes))),
            (1, Gen.Select(Gen.OneOfConst(Corpus), Gen.OneOfConst(Corpus), Gen.Int[0, 400]).Select((a, b, at) => Encoding.UTF8.GetBytes(a[..Math.Min(at, a.Length)] + b))),
            (1, Gen.Byte.Array[0, 200])),
        Gen.Int[0, 4].Select(i => i == 0),
        (input, tiny) => new Case(input, tiny));

    /// <summary>Up to six mutations of an input: tokens inserted, spans deleted or repeated, bytes replaced.</summary>
    private static Gen<byte[]> Mutated(Gen<byte[]> inputs) =>
        Gen.Select(inputs, Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.OneOfConst(Tokens)).Array[0, 6])
            .Select((input, mutations) => mutations.Aggregate(input, Mutate));

    private static byte[] Mutate(byte[] input, (int Kind, int Where, int Length, string Token) mutation)
    {
        var bytes = input.ToList();
        var at = bytes.Count == 0 ? 0 : mutation.Where % (bytes.Count + 1);
        var span = Math.Min(bytes.Count - at, 1 + (mutation.Length % 40));
        switch (mutation.Kind)
        {
            case 0:
            case 1:
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(mutation.Token));
                break;
            case 2:
                bytes.RemoveRange(at, span);
                break;
            case 3:
                bytes.InsertRange(at, bytes.GetRange(at, span));
                break;
            default:
                if (at < bytes.Count)
                {
                    bytes[at] = (byte)mutation.Length;
                }

                break;
        }

        return [.. bytes];
    }

    /// <summary>Runs one case through the reader and every check built on it; throws <see cref="FuzzFailureException"/> when a property fails.</summary>
    public static void Check(Case fuzzCase)
    {
        var run = Task.Run(() => CheckReading(fuzzCase));
        if (Task.WaitAny([run], HangBound) < 0)
        {
            throw new FuzzFailureException($"hang: the case took longer than {HangBound.TotalSeconds} s");
        }

        run.GetAwaiter().GetResult(); // rethrows the case's own exception, not an AggregateException
    }

    /// <summary>Runs one case through the CLI verbs in-process: validate, render (whose YAML must read back as its JSON) and audit.</summary>
    public static async Task CheckVerbsAsync(Case fuzzCase)
    {
        var directory = Directory.CreateTempSubdirectory("fuzz-");
        try
        {
            var path = Path.Combine(directory.FullName, "t.yaml");
            await File.WriteAllBytesAsync(path, fuzzCase.Input);
            foreach (var verb in new[] { "validate", "audit", "explain" })
            {
                var arguments = verb == "explain" ? new[] { verb, "-f", path, "--from", "team-a/web-0", "--to", "10.0.0.9", "--port", "80" } : [verb, "-f", path];
                var (exitCode, _, error) = await RunAsync(arguments);
                CheckVerbResult(verb, exitCode, error);
            }

            var (yamlExit, yaml, yamlError) = await RunAsync("render", "-f", path);
            CheckVerbResult("render", yamlExit, yamlError);
            var (jsonExit, json, _) = await RunAsync("render", "-f", path, "-o", "json");
            if (yamlExit == 0 && jsonExit == 0)
            {
                var (documents, problems) = ManifestReader.ReadBytes("render.yaml", Encoding.UTF8.GetBytes(yaml));
                var items = JsonNode.Parse(json)!["items"]!.AsArray();
                if (problems.Count > 0 || documents.Count != items.Count
                    || documents.Zip(items).Any(pair => !JsonNode.DeepEquals(JsonNode.Parse(pair.First.Content.ToJsonString()), JsonNode.Parse(pair.Second!.ToJsonString()))))
                {
                    throw new FuzzFailureException($"render's YAML reads back as other objects than its JSON:\n{yaml}");
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void CheckReading(Case fuzzCase)
    {
        var limits = fuzzCase.Tiny ? TinyLimits : InputLimits.Default;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var read = ManifestReader.ReadBytes("t.yaml", fuzzCase.Input, limits);
        foreach (var problem in read.Problems)
        {
            CheckLine(problem.ToString(), "t.yaml");
        }

        var tenants = TenantManifests.From(read);
        var cluster = ClusterManifests.From(read);
        foreach (var error in tenants.Errors.Concat(tenants.Skipped.Locations).Concat(cluster.Errors))
        {
            CheckLine(error, "t.yaml");
        }

        if (cluster.Errors.Count == 0)
        {
            try
            {
                var input = new AuditInput
                {
                    Namespaces = cluster.Namespaces,
                    Pods = cluster.Pods,
                    Policies = cluster.Policies,
                    Tenants = cluster.Tenants,
                    PlanPolicies = true,
                    PlannerOptions = new PlannerOptions(),
                };
                TenantAuditor.Audit(AuditedCluster.Build(input), planned: true, new AuditOptions());
            }
            catch (InvalidClusterObjectException ex)
            {
                CheckLine(cluster.Locate(ex), "");
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (allocated > AllocationBound)
        {
            throw new FuzzFailureException($"memory: the case allocated {allocated / (1024 * 1024)} MiB, more than {AllocationBound / (1024 * 1024)} MiB");
        }
    }

    private static void CheckVerbResult(string verb, int exitCode, string error)
    {
        if (exitCode is not (0 or 1 or 3) || error.Contains("Unhandled exception", StringComparison.Ordinal) || error.Contains("   at ", StringComparison.Ordinal))
        {
            throw new FuzzFailureException($"{verb} exited {exitCode} with:\n{error}");
        }
    }

    /// <summary>A problem is one line that says where: the file first, and no stack trace.</summary>
    private static void CheckLine(string line, string file)
    {
        if (line.Length == 0 || !line.StartsWith(file, StringComparison.Ordinal) || line.Contains('\n', StringComparison.Ordinal) || line.Contains("   at ", StringComparison.Ordinal))
        {
            throw new FuzzFailureException($"not one located line: {JsonSerializer.Serialize(line, Readable)}");
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await TenantOperatorCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs <paramref name="iterations"/> cases from a fixed <paramref name="seed"/>, case i from its own PCG stream,
    /// so any failing case can be rerun alone from the seed printed with it.</summary>
    public static async Task RunFixedAsync(ulong seed, int iterations, int verbsEvery, Action<string> log)
    {
        log($"manifest fuzzing: seed {seed}, {iterations} cases, the CLI verbs on every {verbsEvery}th");
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var pcg = new PCG((uint)i, seed);
            var caseSeed = pcg.ToString();
            var fuzzCase = Cases.Generate(pcg, null, out _);
            try
            {
                Check(fuzzCase);
                if (i % verbsEvery == 0)
                {
                    await CheckVerbsAsync(fuzzCase);
                }
            }
            catch (Exception ex)
            {
                throw new FuzzFailureException($"fuzz case {i} of seed {seed} (CsCheck seed {caseSeed}) failed: {ex.Message}\n{fuzzCase}", ex);
            }
        }

        log($"manifest fuzzing: {iterations} cases passed in {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }
}

/// <summary>A fuzz case that broke a property.</summary>
public sealed class FuzzFailureException : Exception
{
    public FuzzFailureException(string message)
        : base(message)
    {
    }

    public FuzzFailureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
