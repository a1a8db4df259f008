namespace TenantOperator.LocalApiServer.JsonPath;

// The syntax tree of the Kubernetes JSONPath dialect (k8s.io/client-go/util/jsonpath), one record per construct.

internal abstract record JsonPathNode;

/// <summary>A sequence of steps applied one after another; also the content of one <c>{...}</c> action.</summary>
internal sealed record ListStep(IReadOnlyList<JsonPathNode> Steps) : JsonPathNode;

/// <summary>Literal text outside an action, or a quoted string literal inside one.</summary>
internal sealed record TextStep(string Text) : JsonPathNode;

/// <summary><c>.name</c> or <c>['name']</c>.</summary>
internal sealed record FieldStep(string Name) : JsonPathNode;

/// <summary><c>.*</c> (every member or element).</summary>
internal sealed record WildcardStep : JsonPathNode;

/// <summary><c>..</c>: the value and all its descendants.</summary>
internal sealed record RecursiveStep : JsonPathNode;

/// <summary>One bound of a slice: unknown bounds take their default at evaluation time.</summary>
internal readonly record struct SliceBound(bool Known, int Value, bool Derived);

/// <summary><c>[n]</c>, <c>[start:end:step]</c>, <c>[*]</c>.</summary>
internal sealed record ArrayStep(SliceBound Start, SliceBound End, SliceBound Step) : JsonPathNode;

/// <summary><c>[a,b]</c>: the results of each alternative, concatenated.</summary>
internal sealed record UnionStep(IReadOnlyList<ListStep> Alternatives) : JsonPathNode;

/// <summary><c>[?(@.left op right)]</c>, or an existence test <c>[?(@.left)]</c> when the operator is <c>exists</c>.</summary>
internal sealed record FilterStep(ListStep Left, ListStep Right, string Operator) : JsonPathNode;

/// <summary>A number or boolean literal inside a filter.</summary>
internal sealed record LiteralStep(System.Text.Json.Nodes.JsonNode Value) : JsonPathNode;
