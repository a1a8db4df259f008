using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Admission;

/// <summary>The operations validating admission sees (patches are updates, as in kube-apiserver).</summary>
internal enum AdmissionOperation
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// A write about to be stored, as kube-apiserver's validating admission plugins see it (admission.Attributes):
/// the operation, the resource and subresource, the object as it will be stored and the one it replaces, and the
/// user who asked. Only client requests are admitted; the server's own controllers are not. On a delete,
/// <see cref="Object"/> is the object as stored and <see cref="OldObject"/> the same (admission sees no new object).
/// </summary>
internal sealed record AdmissionRequest(
    AdmissionOperation Operation,
    ResourceDefinition Resource,
    string Subresource,
    string Namespace,
    string Name,
    JsonObject Object,
    JsonObject? OldObject,
    UserInfo User)
{
    /// <summary>Whether the request is a dry run (admission still runs).</summary>
    public bool DryRun { get; init; }

    /// <summary>Warnings admission adds for the client (<c>Warning</c> headers), such as a policy's Warn action.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The admission verb as the API names it: <c>CREATE</c>, <c>UPDATE</c> or <c>DELETE</c>.</summary>
    public string OperationName => Operation switch
    {
        AdmissionOperation.Create => "CREATE",
        AdmissionOperation.Update => "UPDATE",
        _ => "DELETE",
    };

    /// <summary>
    /// The 403 an admission check answers, as admission.NewForbidden writes it
    /// (<c>resource.group "name" is forbidden: detail</c>), recorded in the authorization log as a denial of the write.
    /// </summary>
    public ApiException Refuse(ServerAuthorizer authorizer, string detail)
    {
        var error = ForbiddenErrors.Forbidden(Resource.Group, Resource.Resource, Name, detail);
        authorizer.RecordDenial(
            new AuthorizationAttributes
            {
                User = User,
                Verb = OperationName.ToLowerInvariant(),
                IsResourceRequest = true,
                ApiGroup = Resource.Group,
                ApiVersion = Resource.Version,
                Resource = Resource.Resource,
                Subresource = Subresource,
                Namespace = Namespace,
                Name = Name,
            },
            error.Message);
        return error;
    }
}

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
