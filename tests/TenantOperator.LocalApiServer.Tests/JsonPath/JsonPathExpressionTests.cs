using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Tests.JsonPath;

public sealed class JsonPathExpressionTests
{
    private static readonly JsonNode Tenant = JsonNode.Parse("""
        {
          "kind": "TenantIsolation",
          "metadata": {"name": "team-a", "labels": {"app.kubernetes.io/name": "web", "tier": "front"}},
          "spec": {
            "mode": "Enforce",
            "namespaces": ["team-a-legacy", "team-a-web", "team-a-api"],
            "ingress": [
              {"name": "from-nginx", "ports": [{"protocol": "TCP", "port": 8080}, {"port": 8443}]},
              {"name": "from-lb", "ports": [{"protocol": "UDP", "port": 53}]}
            ],
            "ratio": 1.5,
            "replicas": 3,
            "enabled": true,
            "nothing": null
          },
          "status": {
            "policyCount": 12,
            "conditions": [
              {"type": "Ready", "status": "True", "reason": "Reconciled", "observedGeneration": 3},
              {"type": "Isolated", "status": "False", "reason": "Breach", "observedGeneration": 2}
            ]
          }
        }
        """)!;

    private static string Run(string template, bool allowMissingKeys = false) =>
        JsonPathExpression.Parse(template, allowMissingKeys).Execute(Tenant);

    [Theory]
    [InlineData("{.spec.mode}", "Enforce")]
    [InlineData("{.metadata.name}", "team-a")]
    [InlineData("{.spec.namespaces[0]}", "team-a-legacy")]
    [InlineData("{.spec.namespaces[-1]}", "team-a-api")]
    [InlineData("{.spec.namespaces[1:]}", "team-a-web team-a-api")]
    [InlineData("{.spec.namespaces[0:2]}", "team-a-legacy team-a-web")]
    [InlineData("{.spec.namespaces[::2]}", "team-a-legacy team-a-api")]
    [InlineData("{.spec.namespaces[*]}", "team-a-legacy team-a-web team-a-api")]
    [InlineData("{.spec.namespaces}", "[\"team-a-legacy\",\"team-a-web\",\"team-a-api\"]")]
    [InlineData("{.spec.ingress[*].name}", "from-nginx from-lb")]
    [InlineData("{.spec.ingress[*].ports[*].port}", "8080 8443 53")]
    [InlineData("{.spec.ingress[0].ports[1]}", "{\"port\":8443}")]
    [InlineData("{.status.conditions[?(@.type==\"Ready\")].status}", "True")]
    [InlineData("{.status.conditions[?(@.type=='Isolated')].reason}", "Breach")]
    [InlineData("{.status.conditions[?(@.type!=\"Ready\")].type}", "Isolated")]
    [InlineData("{.status.conditions[?(@.observedGeneration>2)].type}", "Ready")]
    [InlineData("{.status.conditions[?(@.observedGeneration<3)].type}", "Isolated")]
    [InlineData("{.status.conditions[?(@.observedGeneration>=2)].type}", "Ready Isolated")]
    [InlineData("{.status.conditions[?(@.observedGeneration<=2)].type}", "Isolated")]
    [InlineData("{.spec.ingress[?(@.ports[0].protocol)].name}", "from-nginx from-lb")]
    [InlineData("{.spec.ingress[0].ports[?(@.protocol)].port}", "8080")]
    [InlineData("{..port}", "8080 8443 53")]
    [InlineData("{.spec..protocol}", "TCP UDP")]
    [InlineData("{.spec.ratio}", "1.5")]
    [InlineData("{.spec.replicas}", "3")]
    [InlineData("{.spec.enabled}", "true")]
    [InlineData("{.spec.nothing}", "null")]
    [InlineData("{.metadata.labels.app\\.kubernetes\\.io/name}", "web")]
    [InlineData("{.metadata.labels['tier']}", "front")]
    [InlineData("{['metadata']['name']}", "team-a")]
    [InlineData("{.spec.namespaces[0,2]}", "team-a-legacy team-a-api")]
    [InlineData("{.kind}/{.metadata.name}", "TenantIsolation/team-a")]
    [InlineData("name={.metadata.name} mode={.spec.mode}", "name=team-a mode=Enforce")]
    [InlineData("{$.metadata.name}", "team-a")]
    [InlineData("{.metadata.labels}", "{\"app.kubernetes.io/name\":\"web\",\"tier\":\"front\"}")]
    public void Evaluates_KubectlDialect(string template, string expected)
    {
        Assert.Equal(expected, Run(template));
    }

    [Theory]
    [InlineData("{.spec.missing}", "missing is not found")]
    [InlineData("{.spec.namespaces[5]}", "array index out of bounds: index 5, length 3")]
    [InlineData("{.spec.mode[0]}", "string is not array or slice")]
    [InlineData("{.spec.namespaces[2:1]}", "starting index 2 is greater than ending index 1")]
    [InlineData("{.status.conditions[?(@.observedGeneration==\"3\")].type}", "incompatible types for comparison")]
    [InlineData("{.spec[?(@.x)]}", "map[string]interface {} is not array or slice and cannot be filtered")]
    public void ReportsEvaluationErrors_AsKubectlDoes(string template, string message)
    {
        var error = Assert.Throws<JsonPathException>(() => Run(template));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("{.spec.mode")]
    [InlineData("{.spec.namespaces[0}")]
    [InlineData("{.spec.namespaces[a]}")]
    [InlineData("{.status.conditions[?(@.type==\"Ready\"]}")]
    [InlineData("{.a....b}")]
    [InlineData("{range .items[*]}")]
    [InlineData("{.a[\"b]}")]
    public void RejectsMalformedTemplates(string template)
    {
        Assert.Throws<JsonPathException>(() => JsonPathExpression.Parse(template));
    }

    [Fact]
    public void MissingKeys_YieldNothing_WhenAllowed()
    {
        Assert.Equal("", Run("{.spec.missing.deeper}", allowMissingKeys: true));
        Assert.Equal("", Run("{.status.conditions[?(@.type==\"Absent\")].status}", allowMissingKeys: true));
    }

    [Fact]
    public void ZeroLengthSlice_SelectsNothing()
    {
        Assert.Equal("", Run("{.spec.namespaces[1:1]}"));
    }

    [Fact]
    public void FindResults_KeepsJsonNullEntries()
    {
        var results = JsonPathExpression.ParsePath(".spec.nothing").FindResults(Tenant);
        var only = Assert.Single(Assert.Single(results));
        Assert.Null(only);
    }

    [Fact]
    public void FindResults_ReturnsOneListPerTemplatePart()
    {
        var results = JsonPathExpression.Parse("x{.spec.mode}y").FindResults(Tenant);
        Assert.Equal(3, results.Count);
        Assert.Equal("Enforce", results[1][0]!.GetValue<string>());
    }
}
