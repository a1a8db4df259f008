using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Delete and deletecollection: finalizers, propagation policies, preconditions, namespaces.</summary>
internal sealed partial class ObjectService
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private static readonly HashSet<string> UndeletableNamespaces = new(StringComparer.Ordinal) { "default", "kube-system", "kube-public" };

    public WriteResult Delete(ResourceDefinition resource, string ns, string name, DeleteRequest request)
    {
        var storeNamespace = resource.Namespaced ? ns : string.Empty;
        if (resource.StorageKey == "namespaces" && UndeletableNamespaces.Contains(name) && Store.Get("namespaces", string.Empty, name) is not null)
        {
            throw ApiErrors.Forbidden(resource, name, "this namespace may not be deleted");
        }

        for (var attempt = 0; ; attempt++)
        {
            var stored = Store.Get(resource.StorageKey, storeNamespace, name) ?? throw ApiErrors.NotFound(resource, name);
            CheckPreconditions(resource, stored, request);
            var current = ToView(resource, stored);
            var warnings = attempt == 0 ? AdmitWrite(Admission.AdmissionOperation.Delete, resource, string.Empty, current, current, request.User, request.DryRun) : [];
            var next = current.DeepClone().AsObject();
            var finalizers = ObjectMeta.Finalizers(next);
            switch (request.Propagation)
            {
                case PropagationPolicy.Orphan:
                    finalizers.Remove(ForegroundFinalizer);
                    AddOnce(finalizers, OrphanFinalizer);
                    break;
                case PropagationPolicy.Foreground:
                    finalizers.Remove(OrphanFinalizer);
                    AddOnce(finalizers, ForegroundFinalizer);
                    break;
                case PropagationPolicy.Background:
                    finalizers.Remove(OrphanFinalizer);
                    finalizers.Remove(ForegroundFinalizer);
                    break;
            }

            ObjectMeta.SetFinalizers(next, finalizers);
            var metadata = ObjectMeta.Metadata(next);
            if (metadata["deletionTimestamp"] is null)
            {
                metadata["deletionTimestamp"] = Now();
                metadata["deletionGracePeriodSeconds"] = 0;
                MarkDeleting(resource, next);
            }

            StoreResult result;
            int code;
            if (ShouldRemove(resource.StorageKey, next))
            {
                result = Store.Remove(stored.Address, stored.ResourceVersion, request.DryRun);
                code = 200;
            }
            else if (JsonNode.DeepEquals(next, current))
            {
                return new WriteResult(202, current, warnings);
            }
            else
            {
                result = Store.Update(resource.StorageKey, ToStorage(resource, next), stored.ResourceVersion, request.DryRun);
                code = 202;
            }

            switch (result.Outcome)
            {
                case StoreOutcome.Ok when code == 202:
                    return new WriteResult(202, request.DryRun ? next : ToView(resource, result.Object!), warnings);
                case StoreOutcome.Ok:
                    return new WriteResult(200, resource.ReturnsDeletedObject ? ToView(resource, result.Object!) : SuccessStatus(resource, name, stored.Uid), warnings);
                case StoreOutcome.NotFound:
                    throw ApiErrors.NotFound(resource, name);
                case StoreOutcome.Conflict when attempt >= MaxConflictRetries:
                    throw ApiErrors.StaleResourceVersion(resource, name);
            }
        }
    }

    /// <summary>Deletes every object the query selects; answers the list of what was deleted.</summary>
    public WriteResult DeleteCollection(ResourceDefinition resource, ObjectListQuery query, DeleteRequest request)
    {
        var items = new JsonArray();
        foreach (var stored in Store.List(resource.StorageKey, query.Namespace, query.Matches, 0, null).Items)
        {
            try
            {
                var result = Delete(resource, stored.Namespace, stored.Name, request with { PreconditionUid = null, PreconditionResourceVersion = null });
                items.Add(result.Body["kind"]?.GetValue<string>() == "Status" ? ToView(resource, stored) : result.Body);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted meanwhile by someone else: nothing left to do for it.
            }
        }

        return WriteResult.Of(200, new JsonObject
        {
            ["kind"] = resource.ListKind,
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = Store.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    private void MarkDeleting(ResourceDefinition resource, JsonObject obj)
    {
        if (resource.StorageKey == "namespaces")
        {
            var status = obj["status"] as JsonObject ?? [];
            status["phase"] = "Terminating";
            obj["status"] = status;
        }
        else if (resource.StorageKey == CustomResourceDefinitions.StorageKey)
        {
            CustomResourceDefinitions.MarkTerminating(obj, Now());
        }
    }

    private static void CheckPreconditions(ResourceDefinition resource, StoredObject stored, DeleteRequest request)
    {
        if (!string.IsNullOrEmpty(request.PreconditionUid) && request.PreconditionUid != stored.Uid)
        {
            throw ApiErrors.Conflict(resource, stored.Name, $"Precondition failed: UID in precondition: {request.PreconditionUid}, UID in object meta: {stored.Uid}");
        }

        var version = stored.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(request.PreconditionResourceVersion) && request.PreconditionResourceVersion != version)
        {
            throw ApiErrors.Conflict(resource, stored.Name, $"Precondition failed: ResourceVersion in precondition: {request.PreconditionResourceVersion}, ResourceVersion in object meta: {version}");
        }
    }

    private static void AddOnce(List<string> finalizers, string finalizer)
    {
        if (!finalizers.Contains(finalizer))
        {
            finalizers.Add(finalizer);
        }
    }
}
