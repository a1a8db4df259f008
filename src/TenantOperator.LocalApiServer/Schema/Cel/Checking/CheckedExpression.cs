using TenantOperator.LocalApiServer.Schema.Cel.Syntax;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Checking;

/// <summary>A problem found while checking an expression, at <see cref="Offset"/> in its source.</summary>
internal sealed record CelIssue(int Offset, string Message);

/// <summary>
/// A parsed and checked expression: the type of every node, the overloads each call may resolve to, the calls that
/// turned out to be namespaced functions (<c>sets.contains(a, b)</c> is a global call, not a member call on
/// <c>sets</c>) and the selections that name a qualified identifier. What cel-go's checked AST gives its estimator.
/// </summary>
internal sealed class CheckedExpression(
    string source,
    CelExpr root,
    IReadOnlyDictionary<int, CelType> types,
    IReadOnlyDictionary<int, IReadOnlyList<CelOverload>> overloads,
    IReadOnlyDictionary<int, string> namespacedCalls,
    IReadOnlyDictionary<int, string> qualifiedIdentifiers,
    IReadOnlySet<string> referencedVariables,
    IReadOnlyList<CelIssue> issues)
{
    public string Source { get; } = source;

    public CelExpr Root { get; } = root;

    public IReadOnlyList<CelIssue> Issues { get; } = issues;

    /// <summary>The declared variables the expression refers to (comprehension variables excluded).</summary>
    public IReadOnlySet<string> ReferencedVariables { get; } = referencedVariables;

    public CelType ResultType => TypeOf(Root);

    public CelType TypeOf(CelExpr expr) => types.GetValueOrDefault(expr.Id, CelType.Dyn);

    /// <summary>The overloads a call may resolve to (several when an argument is <c>dyn</c>); empty when unresolved.</summary>
    public IReadOnlyList<CelOverload> OverloadsOf(CelCall call) => overloads.GetValueOrDefault(call.Id, []);

    /// <summary>The namespaced function a member-style call resolved to, such as <c>sets.contains</c>, if it did.</summary>
    public string? NamespacedFunction(CelCall call) => namespacedCalls.GetValueOrDefault(call.Id);

    /// <summary>The qualified identifier a selection chain names, such as <c>google.protobuf.Duration</c>, if it does.</summary>
    public string? QualifiedIdentifier(CelSelect select) => qualifiedIdentifiers.GetValueOrDefault(select.Id);

    /// <summary>The issues as cel-go prints them: <c>ERROR: &lt;input&gt;:1:7: message</c>, the source line and a caret.</summary>
    public string FormatIssues() => CelIssueFormatter.Format(Source, Issues);
}
