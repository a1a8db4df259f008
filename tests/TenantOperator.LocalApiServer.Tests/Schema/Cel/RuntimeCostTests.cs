using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;
using TenantOperator.LocalApiServer.Schema.Cel.Types;
using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema.Cel;

/// <summary>
/// The runtime limits kube-apiserver puts on CEL validation (apiextensions' validator, v0.32): one evaluation may cost
/// at most 10^6, one object's evaluations together at most 10^7; past either, validation stops with Kubernetes'
/// error. The cost charged is the rule's estimate over the object's actual sizes.
/// </summary>
public sealed class RuntimeCostTests
{
    // A regular expression of 400 characters ("^", 198 times "a?", "a*$"), which matches any run of a's. cel-go costs
    // s.matches(r) as ceil((size(s) + 1) * 0.1) * ceil(size(r) * 0.25), here ceil((n + 1) / 10) * 100, plus self (1).
    // With maxLength 200,000 (800,000 bytes) the CRD is accepted: 80,001 * 100 + 1 = 8,000,101, under the 10^7
    // limit. At run time a string of 99,989 a's costs 9,999 * 100 + 1 = 999,901; one of 99,990 costs 1,000,001,
    // over the 10^6 per-call limit. (Such a rule is cheap to run; cost counts the worst case of the regex engine.)
    private static readonly string Regex = "^" + string.Concat(Enumerable.Repeat("a?", 198)) + "a*$";

    private static string Expensive(string name) =>
        "\"" + name + "\": {\"type\": \"string\", \"maxLength\": 200000, \"x-kubernetes-validations\": [{\"rule\": \"self.matches('" + Regex + "')\"}]}";

    private static readonly StructuralSchema Schema = Compile("""
        {"type": "object", "properties": {"spec": {"type": "object", "properties": {
        """ + Expensive("s") + """
        , "name": {"type": "string", "maxLength": 10, "x-kubernetes-validations": [{"rule": "self == 'ok'", "message": "name must be ok"}]}}}}}
        """);

    private static JsonObject Spec(int length, string name) =>
        TenantWithSpec("{\"s\": \"" + new string('a', length) + "\", \"name\": \"" + name + "\"}");

    [Fact]
    public void EvaluationUnderTheCallLimit_Runs()
    {
        Assert.Equal(["spec.name: Invalid value: \"string\": name must be ok"], Messages(Schema.Admit(Spec(99_989, "bad"), null)));
    }

    [Fact]
    public void EvaluationOverTheCallLimit_IsCancelled_AndNoFurtherRuleRuns()
    {
        // s comes before name in the object, so name's failing rule never runs.
        Assert.Equal(
            ["spec.s: Invalid value: \"string\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.matches('" + Regex + "')"],
            Messages(Schema.Admit(Spec(99_990, "bad"), null)));
    }

    [Fact]
    public void ObjectOverTheBudget_StopsAtTheRuleThatWouldExceedIt()
    {
        // Eleven such strings of 99,989 a's: ten cost 9,999,010 of the 10^7 budget; the eleventh (999,901) does not
        // fit. Statically the CRD is fine: 11 * 8,000,101 = 88,001,111 is under the 10^8 CRD limit.
        var names = Enumerable.Range(0, 11).Select(i => "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var schema = Compile("""{"type": "object", "properties": {"spec": {"type": "object", "properties": {""" + string.Join(", ", names.Select(Expensive)) + "}}}}");
        var spec = "{" + string.Join(", ", names.Select(n => $"\"{n}\": \"{new string('a', 99_989)}\"")) + "}";
        Assert.Equal(
            ["spec.s10: Invalid value: \"string\": validation failed due to running out of cost budget, no further validation rules will be run"],
            Messages(schema.Admit(TenantWithSpec(spec), null)));
    }

    [Fact]
    public void Charges_FollowTheObjectsSizes_UnlessTheRuleDependsOnNone()
    {
        var declaration = SchemaDeclTypes.For(SchemaReader.Read(JsonNode.Parse(
            """{"type": "object", "properties": {"a": {"type": "string", "maxLength": 10}, "n": {"type": "integer"}}}""")!.AsObject(), new FieldPath("x"), []), false)!;
        EvaluationCost Cost(string rule, out ulong maxCost)
        {
            var expression = CelChecker.Check(rule, CelDeclarations.ForStoredExpressions(KubernetesVersion.Default), new Dictionary<string, CelType> { ["self"] = declaration.Type });
            maxCost = CelCostEstimator.Estimate(expression, new SchemaSizeEstimator(declaration)).Max;
            return EvaluationCost.For(expression);
        }

        // has(self.a) 1, self.n > 1 3, && at most 4: no size involved, so the charge is 4 whatever the object (not even read).
        var constant = Cost("has(self.a) && self.n > 1", out var constantMax);
        Assert.Equal((4UL, 4UL), (constantMax, constant.Over(null, null)));

        // self.a.contains('x'): statically 2 + ceil(40 bytes * 0.1) * 1 = 6; over "abc", 2 + ceil(0.3) * 1 = 3.
        var sized = Cost("self.a.contains('x')", out var sizedMax);
        Assert.Equal((6UL, 3UL), (sizedMax, sized.Over(JsonNode.Parse("""{"a": "abc", "n": 5}"""), null)));
    }

    [Fact]
    public void RulesThisServerCannotEvaluate_AreStillCharged()
    {
        // isCIDR is declared (Kubernetes 1.31) but the Cel package here cannot run it, so the rule is not evaluated;
        // kube-apiserver would run it and cancel it. Per evaluation with n items of "10.0.0.0/8" (10 characters):
        // isCIDR(x) parses ceil(10 * 0.1) = 1 plus x (1): 2; == of two booleans 1 + 2 + 2 = 5; inner per item
        // 2 + (1 + 5): 2 + 8n; outer 8n^2 + 5n + 2: 998,639 for 353 items, 1,004,300 for 354. Statically, with items of
        // maxLength 18 (72 bytes: isCIDR 8 + 1 = 9, == 19, inner per item 22) and maxItems 600:
        // 22 * 600^2 + 5 * 600 + 2 = 7,923,002, under the rule limit.
        const string Rule = "self.all(x, self.all(y, isCIDR(x) == isCIDR(y)))";
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {"cidrs": {"type": "array", "maxItems": 600,
              "items": {"type": "string", "maxLength": 18}, "x-kubernetes-validations": [{"rule": "self.all(x, self.all(y, isCIDR(x) == isCIDR(y)))"}]}}}}}
            """);
        Assert.Single(schema.NotEvaluatedRules);
        JsonObject Cidrs(int count) => TenantWithSpec("{\"cidrs\": [" + string.Join(", ", Enumerable.Repeat("\"10.0.0.0/8\"", count)) + "]}");
        Assert.Empty(schema.Admit(Cidrs(353), null).Errors);
        Assert.Equal(
            ["spec.cidrs: Invalid value: \"array\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: " + Rule],
            Messages(schema.Admit(Cidrs(354), null)));
    }

    [Fact]
    public async Task ExpensiveRuleOverALargeObject_IsRefusedAtAdmission_With422()
    {
        await using var harness = await ApiServerHarness.StartAsync();
        var crd = Manifests.WidgetCrd("""{"type": "object", "properties": {""" + Expensive("s") + "}}");
        var (created, body, _) = await harness.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.True(created == 201, body.ToJsonString());
        const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";
        await Eventually.TrueAsync(async () => (await harness.GetAsync(Widgets)).Code == 200, "the widgets are served");

        static string Widget(string name, int length) =>
            "{\"apiVersion\": \"example.com/v1\", \"kind\": \"Widget\", \"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {\"s\": \"" + new string('a', length) + "\"}}";

        Assert.Equal(201, (await harness.PostAsync(Widgets, Widget("small", 99_989))).Code);
        var (code, status, _) = await harness.PostAsync(Widgets, Widget("large", 99_990));
        Assert.Equal(422, code);
        Assert.Equal(
            "Widget.example.com \"large\" is invalid: spec.s: Invalid value: \"string\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.matches('" + Regex + "')",
            (string?)status["message"]);
    }
}
