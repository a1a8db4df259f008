using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Discovery;

/// <summary>
/// <c>/openapi/v3</c> and its per-group-version documents. Their PATCH operations carry
/// <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> parameter, which is how kubectl
/// learns that the server validates fields itself. CRD kinds carry their openAPIV3Schema. Built-in kinds
/// get the schema of their Go struct (types, no descriptions), and their PATCH operations do not list strategic merge patch, so kubectl
/// computes those patches from its compiled-in types (which know the merge keys) instead of from here.
/// </summary>
internal sealed class OpenApiV3Documents(ResourceRegistry registry)
{
    /// <summary>The index: every group version with the URL (and content hash) of its document.</summary>
    public JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var groupVersion in registry.All.Select(d => (d.Group, d.Version)).Distinct())
        {
            var key = PathKey(groupVersion.Group, groupVersion.Version);
            var document = Document(groupVersion.Group, groupVersion.Version)!;
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(document)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document at <c>/openapi/v3/{path}</c>, or null when no such group version is served.</summary>
    public JsonObject? DocumentAt(string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts switch
        {
            ["api", var version] => Document(string.Empty, version),
            ["apis", var group, var version] => Document(group, version),
            _ => null,
        };
    }

    public static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));

    private static string PathKey(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private JsonObject? Document(string group, string version)
    {
        var resources = registry.All.Where(d => d.Group == group && d.Version == version).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["io.k8s.apimachinery.pkg.apis.meta.v1.Patch"] = new JsonObject { ["type"] = "object", ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." },
        };
        foreach (var resource in resources)
        {
            var schemaName = SchemaName(resource);
            schemas[schemaName] = KindSchema(resource);
            var collection = "/" + PathKey(group, version) + (resource.Namespaced ? "/namespaces/{namespace}/" : "/") + resource.Resource;
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(resource, "list", schemaName),
                ["post"] = Operation(resource, "post", schemaName),
                ["delete"] = Operation(resource, "deletecollection", schemaName),
            };
            paths[collection + "/{name}"] = ItemPath(resource, schemaName);
            foreach (var subresource in DiscoveryDocuments.Subresources(resource).Where(s => s == "status"))
            {
                paths[$"{collection}/{{name}}/{subresource}"] = ItemPath(resource, schemaName, withDelete: false);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = DiscoveryDocuments.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static string SchemaName(ResourceDefinition resource)
    {
        var reversedGroup = resource.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', resource.Group.Split('.').Reverse());
        return $"{reversedGroup}.{resource.Version}.{resource.Kind}";
    }

    private static JsonObject ItemPath(ResourceDefinition resource, string schemaName, bool withDelete = true)
    {
        var item = new JsonObject
        {
            ["get"] = Operation(resource, "get", schemaName),
            ["put"] = Operation(resource, "put", schemaName),
            ["patch"] = Operation(resource, "patch", schemaName),
        };
        if (withDelete)
        {
            item["delete"] = Operation(resource, "delete", schemaName);
        }

        return item;
    }

    private static JsonObject Operation(ResourceDefinition resource, string action, string schemaName)
    {
        var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
        var operation = new JsonObject
        {
            ["operationId"] = $"{action}{resource.Kind}",
            ["parameters"] = new JsonArray([.. ParametersFor(action).Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p,
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = p is "limit" or "timeoutSeconds" ? "integer" : p is "watch" or "allowWatchBookmarks" ? "boolean" : "string" },
            })]),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } } },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind },
        };
        if (action is "patch")
        {
            var patchSchema = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch" } };
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json-patch+json"] = patchSchema.DeepClone(),
                    ["application/merge-patch+json"] = patchSchema.DeepClone(),
                },
                ["required"] = true,
            };
        }
        else if (action is "put" or "post")
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = reference.DeepClone() } },
                ["required"] = true,
            };
        }

        return operation;
    }

    private static string[] ParametersFor(string action) => action switch
    {
        "patch" or "put" or "post" => ["dryRun", "fieldManager", "fieldValidation"],
        "list" => ["allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"],
        "delete" or "deletecollection" => ["dryRun", "gracePeriodSeconds", "propagationPolicy"],
        _ => ["resourceVersion"],
    };

    private static JsonObject KindSchema(ResourceDefinition resource)
    {
        // Built-in kinds get the schema of the Go struct their bodies are decoded into (BuiltIns/Typing).
        var typed = BuiltInKinds.For(resource)?.Type;
        var schema = resource.OpenApiSchema?.DeepClone().AsObject() ?? (typed is null ? null : GoTypeSchemas.For(typed)) ?? new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"{resource.Kind} ({resource.ApiVersion}); fields are not described by this server.",
            ["x-kubernetes-preserve-unknown-fields"] = true,
        };
        var properties = schema["properties"] as JsonObject ?? [];
        properties["apiVersion"] ??= new JsonObject { ["type"] = "string" };
        properties["kind"] ??= new JsonObject { ["type"] = "string" };
        if (typed is null)
        {
            properties["metadata"] = new JsonObject { ["type"] = "object" };
        }
        schema["properties"] = properties;
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = resource.Group, ["kind"] = resource.Kind, ["version"] = resource.Version });
        return schema;
    }
}
