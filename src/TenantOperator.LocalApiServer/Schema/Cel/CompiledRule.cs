using Cel;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>A validation rule ready to run, or the reason it is accepted without being evaluated.</summary>
internal sealed record CompiledRule(
    ValidationRule Rule,
    CelProgramDelegate? Program,
    CelProgramDelegate? MessageProgram,
    bool UsesOldSelf,
    string NormalizedFieldPath,
    string? NotEvaluatedReason);
