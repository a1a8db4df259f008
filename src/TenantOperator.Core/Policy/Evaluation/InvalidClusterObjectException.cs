namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// A Namespace, Pod or NetworkPolicy the evaluator cannot compile: the message names the kind, the object
/// (<c>namespace/name</c>), the field and the offending value, e.g.
/// <c>NetworkPolicy x/web: spec.ingress[0].from[1].ipBlock.cidr: Invalid value: "10.0.0/8": must be a CIDR such as 10.0.0.0/8</c>.
/// </summary>
public sealed class InvalidClusterObjectException(string kind, string objectName, string field, string problem)
    : ArgumentException(field.Length == 0 ? $"{kind} {objectName}: {problem}" : $"{kind} {objectName}: {field}: {problem}")
{
    /// <summary>The object's kind: <c>Namespace</c>, <c>Pod</c> or <c>NetworkPolicy</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>The object's <c>namespace/name</c> (or name, for a Namespace; <c>&lt;unnamed&gt;</c> when it has none).</summary>
    public string ObjectName { get; } = objectName;

    /// <summary>The path of the offending field, e.g. <c>spec.ingress[0].ports[1].port</c>; empty for the whole object.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong, without the object and field prefix.</summary>
    public string Problem { get; } = problem;
}
