using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Discovery;

/// <summary>
/// The legacy discovery documents (<c>/version</c>, <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>,
/// <c>/apis/{group}</c>, <c>/apis/{group}/{version}</c>), built from the registry on each request so
/// CRDs appear and disappear at once. Clients asking for aggregated discovery fall back to these.
/// </summary>
internal sealed class DiscoveryDocuments(ResourceRegistry registry)
{
    public const string KubernetesVersion = "v1.32.0";

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = KubernetesVersion + "+tenantoperator-local",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-01-01T00:00:00Z",
        ["goVersion"] = "go1.23",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups().Select(g => (JsonNode)Group(g.Key, g.Value))]),
    };

    /// <summary>The APIGroup document of <paramref name="group"/>, or null when it is not served.</summary>
    public JsonObject? GroupDocument(string group)
    {
        var groups = Groups();
        return groups.TryGetValue(group, out var versions) && group.Length > 0
            ? Group(group, versions).Also(g => { g["kind"] = "APIGroup"; g["apiVersion"] = "v1"; })
            : null;
    }

    /// <summary>The APIResourceList of one group version, or null when it is not served.</summary>
    public JsonObject? ResourceList(string group, string version)
    {
        var resources = registry.All.Where(d => d.Group == group && d.Version == version).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var resource in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Resource,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = Strings(ResourceDefinition.AllVerbs),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(resource.ShortNames);
            }

            if (resource.Categories.Count > 0)
            {
                entry["categories"] = Strings(resource.Categories);
            }

            list.Add(entry);
            foreach (var subresource in Subresources(resource))
            {
                list.Add(new JsonObject
                {
                    ["name"] = $"{resource.Resource}/{subresource}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = resource.Namespaced,
                    ["kind"] = resource.Kind,
                    ["verbs"] = subresource == "finalize" ? new JsonArray("update") : new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    public static IEnumerable<string> Subresources(ResourceDefinition resource)
    {
        if (resource.HasStatus)
        {
            yield return "status";
        }

        if (resource.StorageKey == "namespaces")
        {
            yield return "finalize";
        }
    }

    // Named groups (the core group is under /api) with their versions, in registry order.
    private Dictionary<string, List<string>> Groups()
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var resource in registry.All.Where(d => d.Group.Length > 0))
        {
            if (!groups.TryGetValue(resource.Group, out var versions))
            {
                versions = [];
                groups[resource.Group] = versions;
            }

            if (!versions.Contains(resource.Version))
            {
                versions.Add(resource.Version);
            }
        }

        return groups;
    }

    private static JsonObject Group(string name, List<string> versions) => new()
    {
        ["name"] = name,
        ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v })]),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{name}/{versions[0]}", ["version"] = versions[0] },
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
