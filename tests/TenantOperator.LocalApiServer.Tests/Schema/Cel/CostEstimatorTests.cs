using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Tests.Schema.Cel;

/// <summary>
/// The estimator against costs worked out by hand from cel-go's model (checker/cost.go v0.22) and Kubernetes'
/// (library/cost.go, apiextensions' sizes, v0.32). Units: an identifier or a selection on an object costs 1, a
/// literal 0, a list literal 10, a call 1 plus its arguments unless it traverses strings (0.1 per byte) or lists; a
/// string without maxLength may hold 3 MiB - 2 = 3,145,726 bytes, with maxLength n it holds 4n bytes; every rounding
/// is up.
/// </summary>
public sealed class CostEstimatorTests
{
    // The per-evaluation cost kube-apiserver would estimate for the one rule on property "x" of a schema.
    private static ulong MaxCost(string propertySchema)
    {
        var schema = JsonNode.Parse("""{"type": "object", "properties": {"x": """ + propertySchema + "}}")!.AsObject();
        var compiled = StructuralSchema.Compile(schema, "openAPIV3Schema", out _);
        return Assert.Single(compiled.RuleCosts, r => r.Path.StartsWith("openAPIV3Schema.properties[x].x-kubernetes-validations[0]", StringComparison.Ordinal)).MaxCost;
    }

    private static string WithRule(string schema, string rule) =>
        schema[..schema.LastIndexOf('}')] + ", \"x-kubernetes-validations\": [{\"rule\": " + System.Text.Json.JsonSerializer.Serialize(rule) + "}]}";

    [Fact]
    public void AllOverAnUnboundedNumberList_CostsWhatARequestCanHold()
    {
        // A number serializes to at least one byte, so (3 MiB - 2) / (1 + 1 comma) = 1,572,863 items fit in a request.
        // self.all(x, true) expands to a comprehension: range self (1), init true (0), result __result__ (1), and per
        // item the condition @not_strictly_false(__result__) (1 + 1) and the step __result__ && true (at most 1 + 0).
        // 1 + 1 + 1,572,863 * (2 + 1) = 4,718,591.
        Assert.Equal(4_718_591UL, MaxCost(WithRule("""{"type": "array", "items": {"type": "number"}}""", "self.all(x, true)")));
        // With maxItems 10: 1 + 1 + 10 * 3 = 32.
        Assert.Equal(32UL, MaxCost(WithRule("""{"type": "array", "maxItems": 10, "items": {"type": "number"}}""", "self.all(x, true)")));
    }

    [Fact]
    public void ContainsOnAString_MultipliesBothLengths()
    {
        // self (1) + ceil(3,145,726 * 0.1) = 314,573 times ceil(4 * 0.1) = 1 for 'test': 314,574.
        Assert.Equal(314_574UL, MaxCost(WithRule("""{"type": "string"}""", "self.contains('test')")));
        // maxLength 10 counts as 40 bytes: 1 + ceil(4.0) * 1 = 5.
        Assert.Equal(5UL, MaxCost(WithRule("""{"type": "string", "maxLength": 10}""", "self.contains('test')")));
        // An enum bounds the string by its longest value, 9 bytes of "LongValue": 1 + ceil(0.9) * ceil(0.1) = 2.
        Assert.Equal(2UL, MaxCost(WithRule("""{"type": "string", "enum": ["A", "LongValue"]}""", "self.contains('A')")));
    }

    [Fact]
    public void ConcatenationAndSize_AddTheOperandsLengths()
    {
        // self + "hello": ceil((3,145,726 + 5) * 0.1) = 314,574 + self 1; size(...) adds 1; size("hello") is 1 + 0;
        // > adds 1: 314,575 + 1 + 1 + 1 = 314,578.
        Assert.Equal(314_578UL, MaxCost(WithRule("""{"type": "string"}""", "size(self + \"hello\") > size(\"hello\")")));
    }

    [Fact]
    public void TheIssuesPortRule_CostsThreeMillionPerPort()
    {
        // The rule the CRD had before: on an int-or-string port, which Kubernetes sizes as a 3,145,726-byte string
        // whatever its maxLength. self.port = self (1) + select (1) = 2.
        //   !has(self.port)                      has() costs its operand only (1), ! adds 1: 2
        //   type(self.port) == string            type() 1 + 2, string 1, == 0 (a type name is sized as the node: 0): 4
        //   self.port.size() <= 15               size() 1 + 2, <= 1: 4
        //   self.port.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')
        //                                        ceil(3,145,727 * 0.1) = 314,573 times ceil(31 chars * 0.25) = 8, + 2: 2,516,586
        //   self.port.matches('[a-z]')           314,573 * ceil(5 * 0.25) = 2, + 2: 629,148
        //   !self.port.contains('--')            314,573 * ceil(0.2) = 1, + 2, ! + 1: 314,576
        //   && at most adds up: 4 + 2,516,586 + 629,148 + 314,576 = 3,460,314
        //   the numeric branch: 3 + 3 = 6; ?: takes the condition plus the dearer branch: 4 + 3,460,314 = 3,460,318
        //   ||: 2 + 3,460,318 = 3,460,320.
        const string OldRule = "!has(self.port) || (type(self.port) == string ? (self.port.size() <= 15 && self.port.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$') && self.port.matches('[a-z]') && !self.port.contains('--')) : (self.port >= 1 && self.port <= 65535))";
        Assert.Equal(3_460_320UL, MaxCost(WithRule("""{"type": "object", "properties": {"port": {"x-kubernetes-int-or-string": true}}}""", OldRule)));

        // The rule the CRD has now checks only sizes: size() is O(1). 2 + (4 + max(4 + 4, 3 + 3)) = 14.
        const string NewRule = "!has(self.port) || (type(self.port) == string ? (size(self.port) >= 1 && size(self.port) <= 15) : (self.port >= 1 && self.port <= 65535))";
        Assert.Equal(14UL, MaxCost(WithRule("""{"type": "object", "properties": {"port": {"x-kubernetes-int-or-string": true}}}""", NewRule)));
    }

    [Fact]
    public void LabelSelectorRequirementRule_CostsTwenty()
    {
        // self.operator in ['In', 'NotIn']: select 2, list literal 10, in over a 2-item list 2: 14.
        // has(self.values) && size(self.values) > 0: 1 + (size() 1 + 2, > 1) = 5.
        // !has(self.values) || size(self.values) == 0: 2 + (3, == of two ints ceil(0.1) = 1) = 6.
        // 14 + max(5, 6) = 20.
        Assert.Equal(20UL, MaxCost(WithRule(
            """{"type": "object", "properties": {"operator": {"type": "string"}, "values": {"type": "array", "items": {"type": "string"}}}}""",
            "self.operator in ['In', 'NotIn'] ? (has(self.values) && size(self.values) > 0) : (!has(self.values) || size(self.values) == 0)")));
    }

    [Fact]
    public void CidrLibrary_CostsItsParsesAndComparisons()
    {
        // cidr('192.168.0.0/16'): ceil(14 chars * 0.1) = 2. containsCIDR with a string: comparing two addresses of 4
        // to 16 bytes ceil({8, 32} * 0.1) = {1, 4}, masking ceil({4, 16} * 0.1) = {1, 2}, plus 1, plus parsing the
        // string ceil(12 * 0.1) = 2: {5, 9}; with the receiver: {7, 11}.
        var cost = EstimateWithoutVariables("cidr('192.168.0.0/16').containsCIDR('192.0.0.0/30')");
        Assert.Equal(new CostEstimate(7, 11), cost);
    }

    [Fact]
    public void OrAndAnd_RangeFromTheLeftSideToBothSides()
    {
        // self.a || self.s.matches('x') with s of maxLength 10 (40 bytes): left 2; right ceil(41 * 0.1) = 5 times
        // ceil(0.25) = 1, plus 2: 7. The right side may be skipped: {2, 9}.
        var declaration = SchemaDeclTypes.For(SchemaOf("""{"type": "object", "properties": {"a": {"type": "boolean"}, "s": {"type": "string", "maxLength": 10}}}"""), false)!;
        var expression = CelChecker.Check("self.a || self.s.matches('x')", CelDeclarations.ForNewExpressions(KubernetesVersion.Default),
            new Dictionary<string, CelType> { ["self"] = declaration.Type });
        Assert.Equal(new CostEstimate(2, 9), CelCostEstimator.Estimate(expression, new SchemaSizeEstimator(declaration)));
    }

    [Fact]
    public void JoinOfAListLiteral_IsUnbounded_BecauseItsElementsHaveNoSchema()
    {
        // Kubernetes sizes values through the schema: the strings of a literal list, or of split(), have no path to a
        // declaration, so their length is unknown (up to 2^64 - 1) and a join of them can cost anything.
        Assert.True(MaxCost(WithRule("""{"type": "string"}""", "['a', 'b'].join() == self")) > CelCostLimits.StaticEstimatedCostLimit);
        // A list from the schema is bounded: 4 items of at most 32 bytes joined by one 1-byte separator:
        // 4 * 32 + 3 * 1 = 131 bytes, ceil(13.1) = 14, plus self (1) and == on at most min(131, 0) = 0 bytes: 15.
        Assert.Equal(15UL, MaxCost(WithRule("""{"type": "array", "maxItems": 4, "items": {"type": "string", "maxLength": 8}}""", "self.join(',') == ''")));
    }

    [Fact]
    public void PresenceTests_CostOnlyTheirOperand()
    {
        // Kubernetes sets PresenceTestHasCost(false): has(self.a.b) costs self.a, 2.
        Assert.Equal(2UL, MaxCost(WithRule("""{"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}}}}""", "has(self.a.b)")));
    }

    private static CostEstimate EstimateWithoutVariables(string expression)
    {
        var checkedExpression = CelChecker.Check(expression, CelDeclarations.ForStoredExpressions(new KubernetesVersion(1, 32)), new Dictionary<string, CelType>());
        Assert.Empty(checkedExpression.Issues);
        return CelCostEstimator.Estimate(checkedExpression, new NoSizes());
    }

    private static SchemaNode SchemaOf(string json) =>
        SchemaReader.Read(JsonNode.Parse(json)!.AsObject(), new FieldPath("x"), []);

    private sealed class NoSizes : ISizeEstimator
    {
        public SizeEstimate? EstimateSize(CostNode node) => null;
    }
}
