using System.Globalization;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Removes the fields a structural schema does not declare, recording each removed field's path
/// (<c>spec.foo</c>, <c>spec.ingress[0].bar</c>), as kube-apiserver prunes custom resources. Subtrees with
/// <c>x-kubernetes-preserve-unknown-fields</c> keep unknown fields but are still pruned where the schema
/// declares properties; at an embedded resource (and at the root) <c>apiVersion</c>, <c>kind</c> and
/// <c>metadata</c> are left to the object-meta handling.
/// </summary>
internal sealed class Pruner
{
    private static readonly HashSet<string> MetaFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    private readonly List<string> _unknown = [];

    private Pruner()
    {
    }

    /// <summary>Prunes in place and returns the removed paths, sorted as Kubernetes sorts them.</summary>
    public static List<string> Prune(JsonNode? value, SchemaNode? schema, bool isResourceRoot)
    {
        if (isResourceRoot)
        {
            schema = (schema ?? new SchemaNode()).AsEmbeddedResource();
        }
        var pruner = new Pruner();
        pruner.Visit(value, schema, "");
        pruner._unknown.Sort(StringComparer.Ordinal);
        return pruner._unknown;
    }

    private void Visit(JsonNode? value, SchemaNode? schema, string path)
    {
        if (schema is { PreserveUnknownFields: true })
        {
            VisitPreserving(value, schema, path);
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (schema is null)
                    {
                        Record(path, key);
                        obj.Remove(key);
                        continue;
                    }
                    if (schema.EmbeddedResource && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        Visit(obj[key], property, Append(path, key));
                    }
                    else if (schema.HasAdditionalProperties)
                    {
                        Visit(obj[key], schema.AdditionalProperties, Append(path, key));
                    }
                    else
                    {
                        // apiVersion/kind/metadata at the very root are never reported, only removed.
                        if (!MetaFields.Contains(key) || path.Length > 0)
                        {
                            Record(path, key);
                        }
                        obj.Remove(key);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Visit(array[i], schema?.Items, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                }
                break;
        }
    }

    private void VisitPreserving(JsonNode? value, SchemaNode schema, string path)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (schema.EmbeddedResource && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        Visit(obj[key], property, Append(path, key));
                    }
                    else if (schema.HasAdditionalProperties)
                    {
                        Visit(obj[key], schema.AdditionalProperties, Append(path, key));
                    }
                }
                break;
            case JsonArray array when schema.Items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    VisitPreserving(array[i], schema.Items, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                }
                break;
        }
    }

    private void Record(string path, string key) => _unknown.Add(Append(path, key));

    private static string Append(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
