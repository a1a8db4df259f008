using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using k8s;
using TenantOperator.Api.Schema;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.Benchmarks.LocalApiServer;

/// <summary>
/// The LocalApiServer's work on our own CRD: compiling its schema as at CRD creation (structural checks, CEL rules
/// checked and their costs estimated), and admitting a TenantIsolation (pruning, defaults, schema validation, CEL rules
/// each charged to the object's runtime cost budget). The large tenant has 64 ingress rules of 8 peers (ipBlocks with
/// 4 excepts) and 8 ports: 512 peers and 512 ports, about 3,600 rule evaluations.
/// </summary>
[MemoryDiagnoser]
public class CrdSchemaBenchmarks
{
    private JsonObject _openApi = null!;
    private StructuralSchema _schema = null!;
    private JsonObject _small = null!;
    private JsonObject _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        var crd = JsonNode.Parse(KubernetesJson.Serialize(CrdGenerator.Generate()))!;
        _openApi = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        _schema = StructuralSchema.Compile(_openApi, "spec.versions[0].schema.openAPIV3Schema", out var errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("\n", errors));
        }

        _small = Tenant(rules: 2, peers: 2, ports: 2);
        _large = Tenant(rules: 64, peers: 8, ports: 8);
        foreach (var tenant in new[] { _small, _large })
        {
            var result = _schema.Admit(tenant.DeepClone().AsObject(), null);
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("\n", result.Errors));
            }
        }
    }

    [Benchmark(Description = "compile our CRD's schema (CRD create)")]
    public StructuralSchema Compile() => StructuralSchema.Compile(_openApi, "spec.versions[0].schema.openAPIV3Schema", out _);

    [Benchmark(Description = "admit a small TenantIsolation (2 rules x 2 peers x 2 ports)")]
    public SchemaAdmissionResult AdmitSmall() => _schema.Admit(_small.DeepClone().AsObject(), null);

    [Benchmark(Description = "admit a large TenantIsolation (64 rules x 8 peers x 8 ports)")]
    public SchemaAdmissionResult AdmitLarge() => _schema.Admit(_large.DeepClone().AsObject(), null);

    private static JsonObject Tenant(int rules, int peers, int ports)
    {
        var ingress = new JsonArray();
        for (var r = 0; r < rules; r++)
        {
            var from = new JsonArray();
            for (var p = 0; p < peers; p++)
            {
                from.Add(p % 2 == 0
                    ? new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = $"10.{p}.0.0/16", ["except"] = new JsonArray("10." + p + ".1.0/24", "10." + p + ".2.0/24", "10." + p + ".3.0/24", "10." + p + ".4.0/24") } }
                    : new JsonObject
                    {
                        ["namespaces"] = new JsonArray("team-" + p),
                        ["podSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "app", ["operator"] = "In", ["values"] = new JsonArray("web", "api") }) },
                    });
            }

            var portList = new JsonArray();
            for (var p = 0; p < ports; p++)
            {
                portList.Add(p % 2 == 0 ? new JsonObject { ["port"] = 8000 + p, ["endPort"] = 8100 + p } : new JsonObject { ["protocol"] = "UDP", ["port"] = "dns-" + p });
            }

            ingress.Add(new JsonObject { ["name"] = "rule-" + r, ["from"] = from, ["ports"] = portList });
        }

        return new JsonObject
        {
            ["apiVersion"] = "isolation.tenantoperator.io/v1alpha1",
            ["kind"] = "TenantIsolation",
            ["metadata"] = new JsonObject { ["name"] = "team-a" },
            ["spec"] = new JsonObject { ["namespaces"] = new JsonArray("team-a"), ["ingress"] = ingress },
        };
    }
}
