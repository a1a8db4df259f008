using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Admission;

/// <summary>The operations validating admission sees (patches are updates, as in kube-apiserver).</summary>
internal enum AdmissionOperation
{
    Create,
    Update,
}

/// <summary>
/// A write about to be stored, as kube-apiserver's validating admission plugins see it (admission.Attributes):
/// the operation, the resource and subresource, the object as it will be stored and the one it replaces, and the
/// user who asked. Only client requests are admitted; the server's own controllers are not.
/// </summary>
internal sealed record AdmissionRequest(
    AdmissionOperation Operation,
    ResourceDefinition Resource,
    string Subresource,
    string Namespace,
    string Name,
    JsonObject Object,
    JsonObject? OldObject,
    UserInfo User);

/// <summary>A validating admission check: returns when the write may go on, throws the Status to answer otherwise.</summary>
internal interface IWriteAdmission
{
    void Validate(AdmissionRequest request);
}

/// <summary>Several checks in order; the first that refuses decides the answer.</summary>
internal sealed class WriteAdmissionChain(params IWriteAdmission[] checks) : IWriteAdmission
{
    public void Validate(AdmissionRequest request)
    {
        foreach (var check in checks)
        {
            check.Validate(request);
        }
    }
}
