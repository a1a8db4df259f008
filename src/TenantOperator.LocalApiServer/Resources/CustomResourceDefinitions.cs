using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Tables;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>
/// CustomResourceDefinition rules: validation of the CRD itself, the resources it serves, and the status
/// (NamesAccepted, Established, Terminating) kube-apiserver's CRD controllers would write.
/// </summary>
internal static class CustomResourceDefinitions
{
    public const string StorageKey = "customresourcedefinitions.apiextensions.k8s.io";
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>Field errors of a CRD object (empty when it is acceptable).</summary>
    public static IEnumerable<StatusCause> Validate(JsonObject crd, ResourceRegistry registry)
    {
        var spec = crd["spec"] as JsonObject;
        if (spec is null)
        {
            yield return StatusCause.Required("spec", "spec is required");
            yield break;
        }

        var group = Text(spec["group"]);
        var plural = Text(spec["names"]?["plural"]);
        var kind = Text(spec["names"]?["kind"]);
        if (group.Length == 0)
        {
            yield return StatusCause.Required("spec.group", string.Empty);
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            yield return StatusCause.Invalid("spec.group", group, "should be a domain with at least one dot");
        }

        if (plural.Length == 0)
        {
            yield return StatusCause.Required("spec.names.plural", string.Empty);
        }
        else
        {
            foreach (var cause in MetadataValidation.NameErrors(plural, NameRule.Label, "spec.names.plural"))
            {
                yield return cause;
            }
        }

        if (kind.Length == 0)
        {
            yield return StatusCause.Required("spec.names.kind", string.Empty);
        }

        var name = ObjectMeta.Name(crd);
        if (plural.Length > 0 && group.Length > 0 && name != $"{plural}.{group}")
        {
            yield return StatusCause.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group");
        }

        var scope = Text(spec["scope"]);
        if (scope is not ("Namespaced" or "Cluster"))
        {
            yield return new StatusCause("spec.scope", "FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"");
        }

        if (spec["versions"] is not JsonArray { Count: > 0 } versions)
        {
            yield return StatusCause.Invalid("spec.versions", "null", "must have exactly one version marked as storage version");
            yield break;
        }

        if (versions.OfType<JsonObject>().Count(v => IsTrue(v["storage"])) != 1)
        {
            yield return StatusCause.Invalid("spec.versions", versions.ToJsonString(), "must have exactly one version marked as storage version");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i] as JsonObject;
            var versionName = Text(version?["name"]);
            if (versionName.Length == 0)
            {
                yield return StatusCause.Required($"spec.versions[{i}].name", string.Empty);
            }
            else if (!seen.Add(versionName))
            {
                yield return new StatusCause($"spec.versions[{i}].name", "FieldValueDuplicate", $"Duplicate value: \"{versionName}\"");
            }

            if (version?["schema"]?["openAPIV3Schema"] is not JsonObject openApi)
            {
                yield return StatusCause.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required");
            }
            else
            {
                StructuralSchema.Compile(openApi, $"spec.versions[{i}].schema.openAPIV3Schema", CelRuleEnvironment.ForNewRules(registry.KubernetesVersion), out var schemaErrors);
                foreach (var error in schemaErrors)
                {
                    yield return error;
                }
            }

            foreach (var error in TableConvertors.ValidateColumns(version?["additionalPrinterColumns"] as JsonArray, $"spec.versions[{i}].additionalPrinterColumns"))
            {
                yield return error;
            }
        }

        if (group.Length > 0 && plural.Length > 0 && registry.All.Any(d => !d.IsCustom && d.Group == group && d.Resource == plural))
        {
            yield return StatusCause.Invalid("spec.names.plural", plural, $"{plural}.{group} is served by the server itself");
        }
    }

    /// <summary>The resources a CRD serves (one per served version).</summary>
    public static List<ResourceDefinition> BuildDefinitions(JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var group = Text(spec["group"]);
        var names = spec["names"]!.AsObject();
        var plural = Text(names["plural"]);
        var versions = spec["versions"]!.AsArray().OfType<JsonObject>().ToList();
        var storageVersion = versions.Where(v => IsTrue(v["storage"])).Select(v => Text(v["name"])).FirstOrDefault() ?? Text(versions[0]["name"]);
        var terminating = ObjectMeta.IsDeleting(crd);
        return [.. versions
            .Where(v => v["served"] is null || IsTrue(v["served"]))
            .Select(v => new ResourceDefinition
            {
                Group = group,
                Version = Text(v["name"]),
                Resource = plural,
                Kind = Text(names["kind"]),
                Namespaced = Text(spec["scope"]) == "Namespaced",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = v["subresources"]?["status"] is JsonObject,
                TracksGeneration = true,
                ReturnsDeletedObject = true,
                AllowsUnconditionalUpdate = false,
                StorageKey = $"{plural}.{group}",
                StorageApiVersion = $"{group}/{storageVersion}",
                CrdName = ObjectMeta.Name(crd),
                OpenApiSchema = v["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
                PrinterColumns = v["additionalPrinterColumns"]?.DeepClone().AsArray(),
                Terminating = terminating,
            })];
    }

    /// <summary>Adds the cleanup finalizer and the accepted, established status to a CRD being created.</summary>
    public static void PrepareCreate(JsonObject crd, string now)
    {
        var finalizers = ObjectMeta.Finalizers(crd);
        if (!finalizers.Contains(CleanupFinalizer))
        {
            finalizers.Add(CleanupFinalizer);
        }

        ObjectMeta.SetFinalizers(crd, finalizers);
        crd["status"] = AcceptedStatus(crd, now, null);
    }

    /// <summary>Keeps the status current after a spec update (accepted names follow the spec).</summary>
    public static void PrepareUpdate(JsonObject crd, JsonObject current, string now) =>
        crd["status"] = AcceptedStatus(crd, now, current["status"] as JsonObject);

    /// <summary>Marks a CRD as terminating while its instances are deleted.</summary>
    public static void MarkTerminating(JsonObject crd, string now)
    {
        var status = crd["status"] as JsonObject ?? [];
        var conditions = status["conditions"] as JsonArray ?? [];
        if (!conditions.OfType<JsonObject>().Any(c => Text(c["type"]) == "Terminating"))
        {
            conditions.Add(new JsonObject
            {
                ["type"] = "Terminating",
                ["status"] = "True",
                ["lastTransitionTime"] = now,
                ["reason"] = "InstanceDeletionInProgress",
                ["message"] = "CustomResource deletion is in progress",
            });
        }

        status["conditions"] = conditions;
        crd["status"] = status;
    }

    private static JsonObject AcceptedStatus(JsonObject crd, string now, JsonObject? previous)
    {
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.DeepClone().AsObject();
        var kind = Text(names["kind"]);
        names["singular"] = Text(names["singular"]) is { Length: > 0 } singular ? singular : kind.ToLowerInvariant();
        names["listKind"] = Text(names["listKind"]) is { Length: > 0 } listKind ? listKind : kind + "List";
        var storage = spec["versions"]!.AsArray().OfType<JsonObject>().Where(v => IsTrue(v["storage"])).Select(v => Text(v["name"])).FirstOrDefault();
        var stored = previous?["storedVersions"] as JsonArray is { } known ? Strings(known).ToList() : [];
        if (storage is not null && !stored.Contains(storage))
        {
            stored.Add(storage);
        }

        string Since(string type) =>
            (previous?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == type)?["lastTransitionTime"]?.GetValue<string>() ?? now;

        return new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = Since("NamesAccepted"), ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = Since("Established"), ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray([.. stored.Select(s => (JsonNode)s)]),
        };
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(Text)] : [];
}
