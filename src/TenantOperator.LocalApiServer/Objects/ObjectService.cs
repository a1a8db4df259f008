using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Admission;
using TenantOperator.LocalApiServer.Admission.Policies;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>
/// The object semantics of kube-apiserver's generic registry on top of the store: create, get, list,
/// update, patch and delete with uid, timestamps, resourceVersion preconditions, generation, the status
/// subresource, namespaces' lifecycle, finalizers and dry run. HTTP-independent: the router and the
/// in-process controllers both use it. This file holds reads and shared helpers; writes live in the
/// other <c>ObjectService.*.cs</c> files.
/// </summary>
internal sealed partial class ObjectService
{
    private const int MaxConflictRetries = 50;
    private readonly ResourceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ICustomResourceAdmission _admission;
    private readonly IWriteAdmission? _writeAdmission;
    private readonly IMutatingAdmission? _mutating;

    public ObjectService(ObjectStore store, ResourceRegistry registry, TimeProvider time, ICustomResourceAdmission admission, IWriteAdmission? writeAdmission = null, IMutatingAdmission? mutating = null)
    {
        _mutating = mutating;
        Store = store;
        _registry = registry;
        _time = time;
        _admission = admission;
        _writeAdmission = writeAdmission;
    }

    public ObjectStore Store { get; }

    public ResourceRegistry Registry => _registry;

    public string Now() => ObjectMeta.Timestamp(_time.GetUtcNow());

    public JsonObject Get(ResourceDefinition resource, string ns, string name)
    {
        var stored = Store.Get(resource.StorageKey, resource.Namespaced ? ns : string.Empty, name) ?? throw ApiErrors.NotFound(resource, name);
        return ToView(resource, stored);
    }

    public ListPage List(ResourceDefinition resource, ObjectListQuery query, int limit, string? continueToken)
    {
        ContinueToken? token = null;
        if (!string.IsNullOrEmpty(continueToken))
        {
            token = ContinueToken.TryDecode(continueToken) ?? throw ApiErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }

        try
        {
            return Store.List(resource.StorageKey, query.Namespace, query.Matches, limit, token);
        }
        catch (ResourceVersionTooOldException)
        {
            throw ApiErrors.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
        }
    }

    /// <summary>A stored object as <paramref name="resource"/>'s version shows it.</summary>
    public static JsonObject ToView(ResourceDefinition resource, StoredObject stored) =>
        resource.Converter.IsIdentity && resource.ApiVersion == resource.StorageApiVersion
            ? stored.ToJsonObject()
            : resource.Converter.ToView(stored.ToJsonObject(), resource.ApiVersion);

    private static JsonObject ToStorage(ResourceDefinition resource, JsonObject view) =>
        resource.Converter.IsIdentity && resource.ApiVersion == resource.StorageApiVersion
            ? view
            : resource.Converter.ToStorage(view, resource.StorageApiVersion);

    /// <summary>400 when the body's apiVersion or kind are not those of the URL; built-ins may omit them.</summary>
    private static void CheckTypeMeta(ResourceDefinition resource, JsonObject body)
    {
        var apiVersion = (string?)(body["apiVersion"] as JsonValue);
        var kind = (string?)(body["kind"] as JsonValue);
        if (resource.IsCustom && (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind)))
        {
            var missing = string.IsNullOrEmpty(kind) ? "Kind" : "APIVersion";
            throw ApiErrors.BadRequest($"Object '{missing}' is missing in '{body.ToJsonString()}'");
        }

        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != resource.ApiVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({resource.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(kind) && kind != resource.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({resource.Kind})");
        }

        body["apiVersion"] = resource.ApiVersion;
        body["kind"] = resource.Kind;
        if (body["metadata"] is not null and not JsonObject)
        {
            throw ApiErrors.BadRequest("metadata must be an object");
        }
    }

    /// <summary>Sets or checks the namespace of a body against the URL's.</summary>
    private static void CheckNamespace(ResourceDefinition resource, JsonObject body, string urlNamespace)
    {
        var metadata = ObjectMeta.Metadata(body);
        if (!resource.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var bodyNamespace = ObjectMeta.Namespace(body);
        if (bodyNamespace.Length == 0)
        {
            metadata["namespace"] = urlNamespace;
        }
        else if (bodyNamespace != urlNamespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    /// <summary>404 for a namespace that does not exist, 403 for one being deleted, as the NamespaceLifecycle admission answers.</summary>
    private void CheckNamespaceAcceptsContent(ResourceDefinition resource, string ns, string name)
    {
        if (!resource.Namespaced)
        {
            return;
        }

        var namespaceObject = Store.Get("namespaces", string.Empty, ns) ?? throw ApiErrors.NotFound(string.Empty, "namespaces", ns);
        if (namespaceObject.IsDeleting)
        {
            throw ApiErrors.Forbidden(
                resource,
                name,
                $"unable to create new content in namespace {ns} because it is being terminated",
                new StatusCause("metadata.namespace", "NamespaceTerminating", $"namespace {ns} is being terminated"));
        }
    }

    private List<StatusCause> MetadataErrors(ResourceDefinition resource, JsonObject obj, JsonObject? old = null)
    {
        var metadata = ObjectMeta.Metadata(obj);
        var causes = new List<StatusCause>();
        var name = ObjectMeta.Name(obj);
        if (name.Length == 0)
        {
            causes.Add(StatusCause.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            causes.AddRange(MetadataValidation.NameErrors(name, resource.NameRule));
        }

        causes.AddRange(MetadataValidation.LabelErrors(metadata));
        if (metadata["annotations"] is JsonObject annotations && annotations.Any(a => a.Value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String))
        {
            causes.Add(StatusCause.Invalid("metadata.annotations", annotations.ToJsonString(), "annotation values must be strings"));
        }

        causes.AddRange(BuiltIns.Validation.ObjectMetaValidation.Validate(metadata, BuiltIns.BuiltInAdmission.LegacyFinalizerNames(resource)));
        if (resource.StorageKey == CustomResourceDefinitions.StorageKey)
        {
            causes.AddRange(CustomResourceDefinitions.Validate(obj, _registry));
        }

        if (AdmissionPolicyKinds.Handles(resource))
        {
            causes.AddRange(AdmissionPolicyKinds.DefaultAndValidate(resource, obj, old, _registry.KubernetesVersion));
        }

        return causes;
    }

    /// <summary>Runs the CRD schema admission of a custom resource; Strict unknown fields are a 400,
    /// Warn ones become warnings.</summary>
    private (List<StatusCause> Errors, List<string> Warnings) Admit(ResourceDefinition resource, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        if (!resource.IsCustom)
        {
            return ([], []);
        }

        var outcome = _admission.Admit(resource, obj, old);
        var warnings = new List<string>();
        if (outcome.UnknownFields.Count > 0)
        {
            var unknown = outcome.UnknownFields.Select(f => $"unknown field \"{f}\"").ToList();
            switch (options.FieldValidation)
            {
                case FieldValidationDirective.Strict:
                    // POST and PUT answer through the handlers' transformDecodeError; PATCH without it.
                    var strict = $"strict decoding error: {string.Join(", ", unknown)}";
                    throw ApiErrors.BadRequest(options.IsPatch ? strict : $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {strict}");
                case FieldValidationDirective.Warn:
                    warnings.AddRange(unknown);
                    break;
            }
        }

        return ([.. outcome.Errors], warnings);
    }

    /// <summary>Mutating admission of a create or update, before the object is defaulted again and validated.</summary>
    private void Mutate(ResourceDefinition resource, string subresource, JsonObject obj) =>
        _mutating?.Mutate(resource, subresource, obj);

    /// <summary>Validating admission of a client's write, before it is stored; returns the warnings admission adds.</summary>
    private IReadOnlyList<string> AdmitWrite(AdmissionOperation operation, ResourceDefinition resource, string subresource, JsonObject obj, JsonObject? old, UserInfo? user, bool dryRun)
    {
        if (user is null || _writeAdmission is null)
        {
            return [];
        }

        var request = new AdmissionRequest(operation, resource, subresource, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), obj, old, user) { DryRun = dryRun };
        _writeAdmission.Validate(request);
        return request.Warnings;
    }

    private static bool ShouldRemove(string storageKey, JsonObject obj) =>
        ObjectMeta.IsDeleting(obj) && ObjectMeta.Finalizers(obj).Count == 0 &&
        (storageKey != "namespaces" || obj["spec"]?["finalizers"] is not JsonArray { Count: > 0 });

    private static void BumpGenerationIfSpecChanged(ResourceDefinition resource, JsonObject next, JsonObject current)
    {
        if (!resource.TracksGeneration && !resource.IsCustom)
        {
            return;
        }

        var generation = (long?)(ObjectMeta.Metadata(current)["generation"] as JsonValue) ?? 1;
        var changed = !JsonNode.DeepEquals(ObjectMeta.SpecContent(next, resource.HasStatus), ObjectMeta.SpecContent(current, resource.HasStatus));
        ObjectMeta.Metadata(next)["generation"] = changed ? generation + 1 : generation;
    }

    private static JsonObject SuccessStatus(ResourceDefinition resource, string name, string uid)
    {
        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Resource;
        details["uid"] = uid;
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
