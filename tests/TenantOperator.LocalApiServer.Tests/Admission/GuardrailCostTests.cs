using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Admission.Policies;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;
using TenantOperator.LocalApiServer.Tests.Support;
using Xunit.Abstractions;

namespace TenantOperator.LocalApiServer.Tests.Admission;

/// <summary>
/// The runtime CEL cost of each shipped guardrail (config/guardrails) on the worst realistic request, within
/// kube-apiserver's limits: each expression at most <see cref="CelCostLimits.PerCallLimit"/>, one policy evaluation
/// (its match conditions, variables, validations and message expressions, per binding and param) at most
/// <see cref="CelCostLimits.RuntimeCelCostBudget"/>.
/// </summary>
/// <remarks>
/// Why runtime only: kube-apiserver makes no static cost estimate of a ValidatingAdmissionPolicy. Its admission
/// compiler (k8s.io/apiserver/pkg/admission/plugin/cel/compile.go) declares <c>object</c>, <c>oldObject</c> and
/// <c>params</c> as <c>dyn</c> and only sets the per-call limit on the program; the policy's validation at create
/// checks that expressions compile; and the type checker that does resolve the matched kinds' OpenAPI schemas
/// (plugin/policy/validating/typechecking.go) reports type warnings in status.typeChecking and estimates no cost. With
/// <c>dyn</c> values every list, map and string is bounded only by the 3 MiB request, so a static estimate of any
/// comprehension is far past every limit and says nothing about the guardrail. What a cluster enforces is the
/// runtime cost, which the LocalApiServer charges as kube-apiserver bounds it (the expression's cost over the actual
/// sizes); the worst realistic inputs below are the CRD's maxima where it has them (1,000 named namespaces, 256
/// exemptions) and generous sizes where it has none (66 labels on a namespace, 32 selector terms of 64 values, 1,000
/// excluded namespaces in status, 100 rules of 100 peers in a NetworkPolicy).
/// </remarks>
public sealed class GuardrailCostTests(ITestOutputHelper output)
{
    private const string Tenant = "isolation.tenantoperator.io/tenant";

    public static TheoryData<string> Guardrails() =>
        ["protect-generated-policies.yaml", "protect-tenant-labels.yaml", "protect-namespace-marks.yaml", "keep-crd.yaml", "gate-pods.yaml", "warn-open-policies.yaml"];

    [Theory]
    [MemberData(nameof(Guardrails))]
    public void EachGuardrail_StaysWithinTheRuntimeCostLimits_OnTheWorstRealisticRequest(string file)
    {
        var policy = CompiledPolicy.CompileSpec(PolicySpec(file), _ => CelRuleEnvironment.ForStoredRules(KubernetesVersion.Default));
        var roots = WorstRequest(file);
        var expressions = policy.MatchConditions.Select(c => ($"matchConditions[{c.Name}]", (PolicyExpression?)c.Expression))
            .Concat(policy.Variables.Select(v => ($"variables[{v.Name}]", (PolicyExpression?)v.Expression)))
            .Concat(policy.Validations.SelectMany((v, i) => new[] { ($"validations[{i}]", (PolicyExpression?)v.Expression), ($"validations[{i}].messageExpression", v.MessageExpression) }))
            .Where(e => e.Item2 is not null)
            .ToList();

        ulong total = 0;
        foreach (var (where, expression) in expressions)
        {
            Assert.Null(expression!.CompileError);
            var cost = expression.Cost!.Over(root => roots.GetValueOrDefault(root));
            output.WriteLine($"{file} {where}: {cost}");
            Assert.True(cost <= CelCostLimits.PerCallLimit, $"{file} {where} costs {cost}, over the per-call limit {CelCostLimits.PerCallLimit}");
            total += cost;
        }

        output.WriteLine($"{file} total: {total}");
        Assert.True(total <= CelCostLimits.RuntimeCelCostBudget, $"{file} costs {total} per evaluation, over the budget {CelCostLimits.RuntimeCelCostBudget}");
    }

    [Fact]
    public async Task ThePodGate_DecidesTheWorstRealisticRequest_OverHttp()
    {
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = new Kubectl(h.Server);
        (await kubectl.RunAsync("apply", "-f", RepositoryFile("config", "crd", "bases", "isolation.tenantoperator.io_tenantisolations.yaml"))).ShouldSucceed();
        await Eventually.TrueAsync(async () => (await h.GetAsync(Manifests.TenantPath)).Code == 200, "the shipped CRD is served");
        (await kubectl.RunAsync("apply", "-f", RepositoryFile("config", "guardrails", "gate-pods.yaml"))).ShouldSucceed();
        var tenant = WorstTenant();
        var status = tenant["status"]!.DeepClone();
        tenant.Remove("status");
        await h.CreateAsync(Manifests.TenantPath, tenant.ToJsonString());
        var stored = (await h.GetAsync(Manifests.TenantPath + "/worst")).Body;
        stored["status"] = status;
        var (code, body, _) = await h.PutAsync(Manifests.TenantPath + "/worst/status", stored.ToJsonString());
        Assert.True(code == 200, body.ToJsonString());
        await h.CreateAsync("/api/v1/namespaces", WorstNamespace().ToJsonString());

        var refused = await kubectl.RunAsync("run", "web", "--image=nginx", "--restart=Never", "-n", "worst-namespace");

        // The gate's own denial, not a cost error: every expression ran to the end within the limits.
        Assert.StartsWith("Error from server (Forbidden): pods \"web\" is forbidden: ValidatingAdmissionPolicy 'tenant-operator-gate-pods' with binding 'tenant-operator-gate-pods' denied request: namespace worst-namespace belongs to TenantIsolation worst,", refused.Stderr, StringComparison.Ordinal);
    }

    private static JsonObject PolicySpec(string file)
    {
        var text = File.ReadAllText(RepositoryFile("config", "guardrails", file));
        var policy = YamlToJson.Convert(text.Split("\n---\n")[0])!.AsObject();
        return policy["spec"]!.AsObject();
    }

    // What each guardrail is evaluated on at its dearest: every list it walks at its longest, no short cut taken.
    private static Dictionary<string, JsonNode?> WorstRequest(string file)
    {
        var ns = WorstNamespace();
        var request = new JsonObject
        {
            ["operation"] = "UPDATE",
            ["name"] = "worst-namespace",
            ["namespace"] = "worst-namespace",
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:team:dev", ["groups"] = new JsonArray(Enumerable.Range(0, 64).Select(i => (JsonNode)$"group-{i:D3}-{new string('g', 50)}").ToArray()) },
        };
        JsonNode? obj = file switch
        {
            "protect-generated-policies.yaml" or "warn-open-policies.yaml" => WorstPolicy(),
            "keep-crd.yaml" => new JsonObject { ["metadata"] = new JsonObject { ["name"] = "tenantisolations.isolation.tenantoperator.io", ["annotations"] = Labels(64) } },
            "gate-pods.yaml" => new JsonObject { ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "worst-namespace" } },
            _ => ns,
        };
        var old = obj?.DeepClone();
        if (old is JsonObject { } oldObject && file is "protect-tenant-labels.yaml" or "protect-namespace-marks.yaml")
        {
            oldObject["metadata"]!["labels"]!["cost-center"] = "41";
        }

        return new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["object"] = file == "keep-crd.yaml" ? null : obj,
            ["oldObject"] = old,
            ["request"] = request,
            ["params"] = WorstTenant(),
            ["namespaceObject"] = ns,
        };
    }

    private static JsonObject WorstTenant()
    {
        var names = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)Name("member", i)).ToArray());
        var exempt = new JsonArray(Enumerable.Range(0, 256).Select(i => (JsonNode)new JsonObject { ["name"] = Name("exempt", i), ["reason"] = new string('r', 200) }).ToArray());
        var excluded = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)new JsonObject { ["name"] = Name("excluded", i), ["reason"] = "Protected" }).ToArray());
        var matchLabels = new JsonObject(Enumerable.Range(0, 32).Select(i => KeyValuePair.Create<string, JsonNode?>($"example.com/key-{i:D2}-{new string('k', 40)}", $"value-{new string('v', 50)}")));
        var matchExpressions = new JsonArray(Enumerable.Range(0, 32).Select(i => (JsonNode)new JsonObject
        {
            ["key"] = $"example.com/expr-{i:D2}-{new string('e', 40)}",
            ["operator"] = "In",
            ["values"] = new JsonArray(Enumerable.Range(0, 64).Select(j => (JsonNode)$"value-{j:D2}-{new string('v', 50)}").ToArray()),
        }).ToArray());
        return new JsonObject
        {
            ["apiVersion"] = "isolation.tenantoperator.io/v1alpha1",
            ["kind"] = "TenantIsolation",
            ["metadata"] = new JsonObject { ["name"] = "worst" },
            ["spec"] = new JsonObject
            {
                ["podAdmission"] = "Gated",
                ["namespaceSelector"] = new JsonObject { ["matchLabels"] = matchLabels, ["matchExpressions"] = matchExpressions },
                ["namespaces"] = names,
                ["exemptNamespaces"] = exempt,
            },
            ["status"] = new JsonObject { ["excludedNamespaces"] = excluded },
        };
    }

    // A namespace the worst tenant selects: 66 labels, matching every term of its selector, each with the last value of its list.
    private static JsonObject WorstNamespace()
    {
        var labels = Labels(0);
        foreach (var (key, value) in WorstTenant()["spec"]!["namespaceSelector"]!["matchLabels"]!.AsObject())
        {
            labels[key] = value!.DeepClone();
        }

        foreach (var term in WorstTenant()["spec"]!["namespaceSelector"]!["matchExpressions"]!.AsArray())
        {
            labels[(string)term!["key"]!] = term["values"]!.AsArray()[^1]!.DeepClone();
        }

        labels["kubernetes.io/metadata.name"] = "worst-namespace";
        labels[Tenant] = "someone-else";
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "worst-namespace", ["labels"] = labels } };
    }

    // A NetworkPolicy of 100 ingress and 100 egress rules of 100 peers each, none open: every exists() walks it all.
    private static JsonObject WorstPolicy()
    {
        JsonArray Peers() => new(Enumerable.Range(0, 100).Select(i => (JsonNode)new JsonObject
        {
            ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["team"] = $"t{i}" } },
            ["ipBlock"] = new JsonObject { ["cidr"] = $"10.{i}.0.0/16" },
        }).ToArray());
        return new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "NetworkPolicy",
            ["metadata"] = new JsonObject { ["name"] = "allow-" + new string('x', 200), ["namespace"] = "worst-namespace", ["labels"] = Labels(64) },
            ["spec"] = new JsonObject
            {
                ["podSelector"] = new JsonObject(),
                ["ingress"] = new JsonArray(Enumerable.Range(0, 100).Select(_ => (JsonNode)new JsonObject { ["from"] = Peers() }).ToArray()),
                ["egress"] = new JsonArray(Enumerable.Range(0, 100).Select(_ => (JsonNode)new JsonObject { ["to"] = Peers() }).ToArray()),
            },
        };
    }

    private static JsonObject Labels(int count) =>
        new(Enumerable.Range(0, count).Select(i => KeyValuePair.Create<string, JsonNode?>($"example.com/label-{i:D2}-{new string('l', 40)}", new string('v', 63))));

    private static string Name(string prefix, int i) => $"{prefix}-{i:D4}-{new string('n', 63 - prefix.Length - 6)}";

    private static string RepositoryFile(params string[] parts) => Path.Combine([ShippedGuardrailsTests.RepositoryRoot(), .. parts]);
}
