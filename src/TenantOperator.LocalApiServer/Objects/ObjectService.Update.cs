using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Http.Bodies;
using TenantOperator.LocalApiServer.Patching;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Update (PUT) and patch (PATCH) of the main resource and its subresources.</summary>
internal sealed partial class ObjectService
{
    public const string JsonPatchType = "application/json-patch+json";
    public const string MergePatchType = "application/merge-patch+json";
    public const string StrategicMergePatchType = "application/strategic-merge-patch+json";
    public const string ApplyPatchType = "application/apply-patch+yaml";

    public WriteResult Update(ResourceDefinition resource, string ns, string name, JsonObject body, WriteOptions options, string subresource)
    {
        var decodeWarnings = BuiltInAdmission.DecodeBody(resource, body, options.FieldValidation);
        CheckTypeMeta(resource, body);
        CheckNamespace(resource, body, ns);
        var bodyName = ObjectMeta.Name(body);
        if (bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var precondition = ObjectMeta.ResourceVersion(body);
        if (precondition.Length == 0 && !resource.AllowsUnconditionalUpdate)
        {
            throw ApiErrors.Invalid(resource, name, [new StatusCause("metadata.resourceVersion", "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update")]);
        }

        var result = UpdateCore(resource, ns, name, _ => body.DeepClone().AsObject(), options, subresource, precondition.Length > 0);
        return decodeWarnings.Count == 0 ? result : result with { Warnings = [.. decodeWarnings, .. result.Warnings] };
    }

    public WriteResult Patch(ResourceDefinition resource, string ns, string name, string contentType, ReadOnlyMemory<byte> patchBytes, WriteOptions options, string subresource)
    {
        var accepted = resource.StrategicPatch is null
            ? new[] { JsonPatchType, MergePatchType, ApplyPatchType }
            : [JsonPatchType, MergePatchType, StrategicMergePatchType, ApplyPatchType];
        if (contentType == ApplyPatchType || !accepted.Contains(contentType))
        {
            // Server-side apply needs field ownership (managedFields), which this server does not keep.
            throw ApiErrors.UnsupportedMediaType(accepted.Where(t => t != ApplyPatchType));
        }

        JsonNode patch;
        try
        {
            patch = GoJsonDecoder.Decode(patchBytes).Value ?? throw new JsonDecodeException("null patch", isSyntax: false);
        }
        catch (JsonDecodeException e)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }

        Func<JsonObject, JsonObject> apply = contentType switch
        {
            JsonPatchType when patch is JsonArray operations && JsonPatchShape.Checked(operations) => current => AsObject(JsonPatch.Apply(current, operations)),
            MergePatchType when patch is JsonObject merge => current => AsObject(JsonMergePatch.Apply(current, merge)),
            StrategicMergePatchType when patch is JsonObject strategic => current => StrategicMergePatch.Apply(current, strategic, resource.StrategicPatch!),
            _ => throw ApiErrors.BadRequest($"error decoding patch: the patch is not a JSON {(contentType == JsonPatchType ? "array" : "object")}"),
        };

        options = options with { IsPatch = true };
        IReadOnlyList<string> decodeWarnings = [];
        var result = UpdateCore(resource, ns, name, current =>
        {
            try
            {
                var patched = apply(current);
                JsonDepth.Check(patched);
                TypeMetaFields.CheckPatched(patched);
                CheckTypeMeta(resource, patched);
                decodeWarnings = BuiltInAdmission.DecodePatched(resource, patched, patch, contentType == StrategicMergePatchType, options.FieldValidation);
                return patched;
            }
            catch (PatchException e)
            {
                throw new ApiException(422, "Invalid", e.Message, new JsonObject());
            }
        }, options, subresource, hasPrecondition: false);
        return decodeWarnings.Count == 0 ? result : result with { Warnings = [.. decodeWarnings, .. result.Warnings] };
    }

    /// <summary>
    /// Read, compute the next version, check and commit; for patches (no resourceVersion precondition
    /// from the client) a concurrent write makes it start over, as kube-apiserver's GuaranteedUpdate does.
    /// </summary>
    private WriteResult UpdateCore(ResourceDefinition resource, string ns, string name, Func<JsonObject, JsonObject> produce, WriteOptions options, string subresource, bool hasPrecondition)
    {
        CheckSubresource(resource, subresource);
        var storeNamespace = resource.Namespaced ? ns : string.Empty;
        for (var attempt = 0; ; attempt++)
        {
            var stored = Store.Get(resource.StorageKey, storeNamespace, name) ?? throw ApiErrors.NotFound(resource, name);
            var current = ToView(resource, stored);
            var desired = produce(current.DeepClone().AsObject());
            var desiredVersion = ObjectMeta.ResourceVersion(desired);
            if (desiredVersion.Length > 0 && desiredVersion != ObjectMeta.ResourceVersion(current))
            {
                throw ApiErrors.StaleResourceVersion(resource, name);
            }

            if (ObjectMeta.Name(desired) != name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({ObjectMeta.Name(desired)}) does not match the name on the URL ({name})");
            }

            var desiredUid = (string?)(ObjectMeta.Metadata(desired)["uid"] as JsonValue);
            if (!string.IsNullOrEmpty(desiredUid) && desiredUid != stored.Uid)
            {
                throw ApiErrors.Conflict(resource, name, $"Precondition failed: UID in precondition: {desiredUid}, UID in object meta: {stored.Uid}");
            }

            var next = Compose(resource, current, desired, subresource);
            Mutate(resource, subresource, next);
            // A custom resource's status write is admitted against the whole schema too, as kube-apiserver's status strategy does.
            var (errors, warnings) = subresource is "" or "status" ? Admit(resource, next, current, options) : ([], []);
            var kindErrors = BuiltInAdmission.DefaultAndValidate(resource, next, current, subresource);
            errors.AddRange(MetadataErrors(resource, next, current));
            errors.AddRange(kindErrors);
            var added = ObjectMeta.Finalizers(next).Except(ObjectMeta.Finalizers(current)).ToList();
            if (ObjectMeta.IsDeleting(current) && added.Count > 0)
            {
                errors.Add(StatusCause.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(f => $"\"{f}\""))}}}"));
            }

            if (errors.Count > 0)
            {
                throw ApiErrors.Invalid(resource, name, errors);
            }

            warnings.AddRange(AdmitWrite(Admission.AdmissionOperation.Update, resource, subresource, next, current, options.User, options.DryRun));
            BumpGenerationIfSpecChanged(resource, next, current);
            if (JsonNode.DeepEquals(ObjectMeta.Comparable(next), ObjectMeta.Comparable(current)))
            {
                // Nothing changed: kube-apiserver answers the current object without writing.
                return new WriteResult(200, current, warnings);
            }

            var storageObject = ToStorage(resource, next);
            var result = ShouldRemove(resource.StorageKey, storageObject)
                ? Store.Remove(stored.Address, stored.ResourceVersion, options.DryRun)
                : Store.Update(resource.StorageKey, storageObject, stored.ResourceVersion, options.DryRun);
            switch (result.Outcome)
            {
                case StoreOutcome.Ok:
                    return new WriteResult(200, options.DryRun ? next : ToView(resource, result.Object!), warnings);
                case StoreOutcome.NotFound:
                    throw ApiErrors.NotFound(resource, name);
                case StoreOutcome.Conflict when hasPrecondition || attempt >= MaxConflictRetries:
                    throw ApiErrors.StaleResourceVersion(resource, name);
            }
        }
    }

    /// <summary>The next version: what the client sent, restricted to what the (sub)resource may change,
    /// carrying the server-owned metadata of the current version.</summary>
    private JsonObject Compose(ResourceDefinition resource, JsonObject current, JsonObject desired, string subresource)
    {
        JsonObject next;
        switch (subresource)
        {
            case "status":
                next = current.DeepClone().AsObject();
                next.Remove("status");
                if (desired["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }

                return next;
            case "finalize":
                next = current.DeepClone().AsObject();
                var spec = next["spec"] as JsonObject ?? [];
                spec["finalizers"] = desired["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
                next["spec"] = spec;
                return next;
        }

        next = desired;
        var metadata = ObjectMeta.Metadata(next);
        var currentMetadata = ObjectMeta.Metadata(current);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "resourceVersion" })
        {
            metadata.Remove(field);
            if (currentMetadata[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        metadata.Remove("managedFields");
        metadata.Remove("selfLink");
        if (resource.HasStatus)
        {
            next.Remove("status");
            if (current["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
        }

        KindRules.PrepareUpdate(resource, next, current);
        if (resource.StorageKey == CustomResourceDefinitions.StorageKey && CustomResourceDefinitions.Validate(next, _registry).Any() == false)
        {
            CustomResourceDefinitions.PrepareUpdate(next, current, Now());
            if (ObjectMeta.IsDeleting(current))
            {
                CustomResourceDefinitions.MarkTerminating(next, Now());
            }
        }

        return next;
    }

    private static void CheckSubresource(ResourceDefinition resource, string subresource)
    {
        var known = subresource switch
        {
            "" => true,
            "status" => resource.HasStatus,
            "finalize" => resource.StorageKey == "namespaces",
            _ => false,
        };
        if (!known)
        {
            throw ApiErrors.PathNotFound();
        }
    }

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw new PatchException("the patched document is not an object");
}
