using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Create (POST), as kube-apiserver's generic registry does it.</summary>
internal sealed partial class ObjectService
{
    private const string GeneratedNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public WriteResult Create(ResourceDefinition resource, string urlNamespace, JsonObject body, WriteOptions options)
    {
        // Decoding comes first, as in kube-apiserver: a body of the wrong shape fails before anything looks at it.
        var decodeWarnings = BuiltInAdmission.DecodeBody(resource, body, options.FieldValidation);
        CheckTypeMeta(resource, body);
        CheckNamespace(resource, body, urlNamespace);
        Mutate(resource, string.Empty, body);
        var kindErrors = BuiltInAdmission.DefaultAndValidate(resource, body, null, string.Empty);
        var metadata = ObjectMeta.Metadata(body);
        if (resource.Terminating)
        {
            throw ApiErrors.MethodNotAllowed($"create not allowed while custom resource definition is terminating");
        }

        var (schemaErrors, warnings) = Admit(resource, body, null, options);
        warnings.InsertRange(0, decodeWarnings);
        schemaErrors.AddRange(kindErrors);
        var generateName = (string?)(metadata["generateName"] as JsonValue) ?? string.Empty;
        var nameGiven = ObjectMeta.Name(body).Length > 0;
        CheckNamespaceAcceptsContent(resource, ObjectMeta.Namespace(body), ObjectMeta.Name(body));
        if (!nameGiven && generateName.Length > 0)
        {
            metadata["name"] = GenerateName(generateName);
        }

        var errors = MetadataErrors(resource, body);
        errors.AddRange(schemaErrors);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(resource, nameGiven ? ObjectMeta.Name(body) : generateName, errors);
        }

        if (ObjectMeta.ResourceVersion(body).Length > 0)
        {
            throw ApiErrors.InternalError("resourceVersion should not be set on objects to be created");
        }

        SetCreateSystemFields(resource, body);
        warnings.AddRange(AdmitWrite(Admission.AdmissionOperation.Create, resource, string.Empty, body, null, options.User, options.DryRun));
        for (var attempt = 0; ; attempt++)
        {
            var result = Store.Create(resource.StorageKey, ToStorage(resource, body.DeepClone().AsObject()), options.DryRun);
            if (result.Outcome == StoreOutcome.Ok)
            {
                var view = options.DryRun ? body : ToView(resource, result.Object!);
                return new WriteResult(201, view, warnings);
            }

            // A generated name that collided gets another draw, as kube-apiserver's retries do.
            if (nameGiven || generateName.Length == 0 || attempt >= 8)
            {
                throw ApiErrors.AlreadyExists(resource, ObjectMeta.Name(body));
            }

            metadata["name"] = GenerateName(generateName);
        }
    }

    private void SetCreateSystemFields(ResourceDefinition resource, JsonObject obj)
    {
        var metadata = ObjectMeta.Metadata(obj);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("resourceVersion");
        metadata.Remove("selfLink");
        metadata.Remove("managedFields");
        metadata.Remove("generation");
        if (resource.TracksGeneration || resource.IsCustom)
        {
            metadata["generation"] = 1;
        }

        if (resource.IsCustom && resource.HasStatus)
        {
            obj.Remove("status");
        }

        KindRules.PrepareCreate(resource, obj);
        if (resource.StorageKey == CustomResourceDefinitions.StorageKey)
        {
            CustomResourceDefinitions.PrepareCreate(obj, Now());
        }
    }

    private static string GenerateName(string prefix)
    {
        var basePart = prefix.Length > 58 ? prefix[..58] : prefix;
        var suffix = new char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GeneratedNameAlphabet[Random.Shared.Next(GeneratedNameAlphabet.Length)];
        }

        return basePart + new string(suffix);
    }
}
