using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Checking;

/// <summary>
/// One signature of a function, with cel-go's overload id (the cost estimator keys on it). For a member overload
/// the receiver is <c>Parameters[0]</c>.
/// </summary>
internal sealed record CelOverload(string Id, bool IsMember, IReadOnlyList<CelType> Parameters, CelType Result);

/// <summary>A declared function and its overloads.</summary>
internal sealed record CelFunction(string Name, IReadOnlyList<CelOverload> Overloads)
{
    /// <summary>The union of two declarations of one name (libraries may add overloads to a function, such as <c>string</c>).</summary>
    public CelFunction Merge(CelFunction other) => this with { Overloads = [.. Overloads, .. other.Overloads] };
}
