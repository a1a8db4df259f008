using k8s.Models;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// One write the reconciler must make. <see cref="Desired"/> is the planned object (null for a delete);
/// <see cref="Actual"/> is the object in the cluster (null for a create), whose resourceVersion guards the write.
/// <see cref="IsDriftRepair"/> is true when the object was changed or deleted behind the operator's back.
/// </summary>
public sealed record PolicyWrite(PolicyWriteKind Kind, string Namespace, string Name, V1NetworkPolicy? Desired, V1NetworkPolicy? Actual, bool IsDriftRepair)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Key => $"{Namespace}/{Name}";

    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Key}";
}
