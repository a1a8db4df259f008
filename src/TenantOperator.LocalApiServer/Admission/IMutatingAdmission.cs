using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Admission;

/// <summary>
/// A mutating admission step: may change an object being created or updated before it is defaulted again, validated
/// and stored, as kube-apiserver's mutating admission webhooks do.
/// </summary>
internal interface IMutatingAdmission
{
    /// <summary>Changes <paramref name="obj"/> in place; throws the Status to answer when the change cannot be made.</summary>
    void Mutate(ResourceDefinition resource, string subresource, JsonObject obj);
}
