using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Schema.Cel;

/// <summary>
/// CRDs whose rules cost too much are refused as kube-apiserver refuses them (apiextensions validation.go, v0.32): a
/// rule over 10^7 once multiplied by how many times it may run, a message expression over 10^7, or all of a version's
/// rules over 10^8. The expected texts are written out from Kubernetes' format strings.
/// </summary>
public sealed class CostLimitTests
{
    private const string Advice = " (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";

    private static string[] Errors(string schema)
    {
        StructuralSchema.Compile(JsonNode.Parse(schema)!.AsObject(), "spec.versions[0].schema.openAPIV3Schema", out var errors);
        return [.. errors.Select(e => e.ToString())];
    }

    // A list of strings with a rule on each item: self.contains('a') on a string of maxLength 1000 (4000 bytes)
    // costs self (1) + ceil(400.0) * ceil(0.1) = 401 per item.
    private static string ContainsOnItems(int maxItems) =>
        """{"type": "array", "maxItems": """ + maxItems.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + """, "items": {"type": "string", "maxLength": 1000, "x-kubernetes-validations": [{"rule": "self.contains('a')"}]}}""";

    [Fact]
    public void RuleOverTheLimitOnlyThroughItsCardinality_IsForbidden()
    {
        // 401 per item times 62,344 items = 24,999,944, 2.4999944 times the limit: Go's %.1f gives 2.5.
        Assert.Equal(
            ["spec.versions[0].schema.openAPIV3Schema.properties[list].items.x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of 2.5x" + Advice],
            Errors("""{"type": "object", "properties": {"list": """ + ContainsOnItems(62_344) + "}}"));
        // 24,937 items: 9,999,737, under the limit.
        Assert.Empty(Errors("""{"type": "object", "properties": {"list": """ + ContainsOnItems(24_937) + "}}"));
    }

    [Fact]
    public void UnboundedListsAboveARule_MultiplyItByWhatARequestCanHold()
    {
        // The endPort rule of a port, 12 per evaluation (!has 2; has 1 && type(self.port) == int 4 && >= 5 -> 10; || 12),
        // on items of a list without maxItems: an item without required fields serializes to at least {} (2 bytes),
        // so 3 MiB / (2 + 1) = 1,048,576 of them fit in a request. 12 * 1,048,576 = 12,582,912: 1.2582912 times the
        // limit, which Go's %f prints with six decimals below 1.5.
        Assert.Equal(
            ["spec.versions[0].schema.openAPIV3Schema.properties[ports].items.x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of 1.258291x" + Advice],
            Errors("""
                {"type": "object", "properties": {"ports": {"type": "array", "items": {"type": "object",
                  "properties": {"port": {"x-kubernetes-int-or-string": true}, "endPort": {"type": "integer"}},
                  "x-kubernetes-validations": [{"rule": "!has(self.endPort) || (has(self.port) && type(self.port) == int && self.endPort >= self.port)"}]}}}}
                """));
    }

    [Fact]
    public void ThePortRuleOfTheIssue_IsMoreThanAHundredTimesOver()
    {
        // 3,460,320 per port (CostEstimatorTests) times 64 rules times 32 ports = 7,086,735,360: over 700 times the
        // rule limit, and 70.8673536 times the CRD limit.
        var errors = Errors("""
            {"type": "object", "properties": {"ingress": {"type": "array", "maxItems": 64, "items": {"type": "object", "properties": {
              "ports": {"type": "array", "maxItems": 32, "items": {"type": "object", "properties": {"port": {"x-kubernetes-int-or-string": true}},
                "x-kubernetes-validations": [{"rule": "!has(self.port) || (type(self.port) == string ? (self.port.size() <= 15 && self.port.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$') && self.port.matches('[a-z]') && !self.port.contains('--')) : (self.port >= 1 && self.port <= 65535))"}]}}}}}}}
            """);
        const string Rule = "spec.versions[0].schema.openAPIV3Schema.properties[ingress].items.properties[ports].items.x-kubernetes-validations[0].rule";
        Assert.Equal(
        [
            Rule + ": Forbidden: estimated rule cost exceeds budget by factor of more than 100x" + Advice,
            Rule + ": Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema",
            "spec.versions[0].schema.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of 70.9x" + Advice,
        ], errors);
    }

    [Fact]
    public void RulesTogetherOverTheCrdLimit_AreForbidden_NamingTheFourDearest()
    {
        // Eleven lists l0..l10 of 23,900 + 100k items, each rule 401 * (23,900 + 100k), under 10^7 on its own (the
        // dearest, l10, 401 * 24,900 = 9,984,900). Together 401 * (11 * 23,900 + 100 * 55) = 107,628,400: 1.076284
        // times the CRD limit. Kubernetes names the four dearest, most expensive first, then the schema.
        var properties = string.Join(", ", Enumerable.Range(0, 11).Select(k => $"\"l{k}\": {ContainsOnItems(23_900 + (100 * k))}"));
        var errors = Errors("""{"type": "object", "properties": {""" + properties + "}}");
        Assert.Equal(
        [
            .. new[] { 10, 9, 8, 7 }.Select(k => $"spec.versions[0].schema.openAPIV3Schema.properties[l{k}].items.x-kubernetes-validations[0].rule: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema"),
            "spec.versions[0].schema.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of 1.076284x" + Advice,
        ], errors);
    }

    [Fact]
    public void MessageExpressionOverTheLimit_IsForbidden_WithoutCardinality()
    {
        // self.l.join(','): up to 100 strings of 3,145,726 bytes and 99 separators: 314,572,699 bytes, ceil(* 0.1) =
        // 31,457,270, plus self.l (2): 31,457,272, 3.1457272 times the limit. The rule itself, size(self.l) < 100, is cheap.
        Assert.Equal(
            ["spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].messageExpression: Forbidden: estimated messageExpression cost exceeds budget by factor of 3.1x" + Advice],
            Errors("""
                {"type": "object", "properties": {"spec": {"type": "object", "properties": {"l": {"type": "array", "maxItems": 100, "items": {"type": "string"}}},
                  "x-kubernetes-validations": [{"rule": "size(self.l) < 100", "messageExpression": "self.l.join(',')"}]}}}
                """));
    }

    [Fact]
    public void CardinalityMultipliesTheMaxItemsAndMaxPropertiesAbove()
    {
        // The rule on the strings of a map (maxProperties 5) of lists (maxItems 4) of strings may run 20 times.
        var compiled = StructuralSchema.Compile(JsonNode.Parse("""
            {"type": "object", "properties": {"m": {"type": "object", "maxProperties": 5, "additionalProperties": {"type": "array", "maxItems": 4,
              "items": {"type": "string", "maxLength": 10, "x-kubernetes-validations": [{"rule": "self.contains('a')"}]}}}}}
            """)!.AsObject(), out var errors);
        Assert.Empty(errors);
        var cost = Assert.Single(compiled.RuleCosts);
        // 1 + ceil(40 * 0.1) * 1 = 5 per evaluation, 20 times: 100.
        Assert.Equal((5UL, 20UL, false, 100UL), (cost.MaxCost, cost.Cardinality, cost.CardinalityFromRequestSize, cost.Cost));
    }

    [Fact]
    public async Task CrdWithAnOverBudgetRule_IsRefusedWith422_AndKubernetesCauses()
    {
        await using var harness = await ApiServerHarness.StartAsync();
        var crd = Manifests.WidgetCrd("""
            {"type": "object", "properties": {"names": {"type": "array", "items": {"type": "string"}}},
             "x-kubernetes-validations": [{"rule": "self.names.all(n, n.matches('^[a-z]+$'))"}]}
            """);
        var (code, status, _) = await harness.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);

        // names without bounds: 3 MiB / (2 + 1) = 1,048,575 strings of 3,145,726 bytes, each matched at
        // ceil(314,572.7) * ceil(8 * 0.25) = 629,146: far over a hundred times the limit.
        Assert.Equal(422, code);
        var causes = status["details"]!["causes"]!.AsArray().Select(c => ((string?)c!["field"], (string?)c["reason"], (string?)c["message"])).ToList();
        Assert.Contains(("spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule", "FieldValueForbidden",
            "Forbidden: estimated rule cost exceeds budget by factor of more than 100x" + Advice), causes);
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal(404, (await harness.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")).Code);
    }
}
