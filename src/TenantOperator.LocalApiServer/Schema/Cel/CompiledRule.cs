using Cel;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>A validation rule ready to run, or the reason it is accepted without being evaluated.</summary>
internal sealed record CompiledRule(
    ValidationRule Rule,
    CelProgramDelegate? Program,
    CelProgramDelegate? MessageProgram,
    bool UsesOldSelf,
    string NormalizedFieldPath,
    string? NotEvaluatedReason)
{
    /// <summary>The checked expression, for cost accounting; null when the rule did not compile.</summary>
    public CheckedExpression? Checked { get; init; }

    /// <summary>The checked messageExpression, for cost accounting; null when there is none or it did not compile.</summary>
    public CheckedExpression? CheckedMessage { get; init; }

    /// <summary>What the rule's node looks like to CEL (its types and size bounds).</summary>
    public CelDeclType? Declaration { get; init; }

    /// <summary>The estimated worst cost of one evaluation, as kube-apiserver estimates it (before cardinality).</summary>
    public ulong MaxCost { get; init; }
}
