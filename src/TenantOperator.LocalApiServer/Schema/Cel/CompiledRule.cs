using Cel;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;

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
    /// <summary>What one evaluation is charged at admission; null when the rule did not compile.</summary>
    public EvaluationCost? Cost { get; init; }

    /// <summary>What one evaluation of the messageExpression is charged; null when there is none or it did not compile.</summary>
    public EvaluationCost? MessageCost { get; init; }

    /// <summary>The estimated worst cost of one evaluation, as kube-apiserver estimates it (before cardinality).</summary>
    public ulong MaxCost { get; init; }
}
