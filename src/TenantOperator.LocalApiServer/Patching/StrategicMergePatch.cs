using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds: maps merge recursively (null deletes a key); lists with a
/// merge key merge item by item (<c>$patch: delete</c> removes one, <c>$patch: replace</c> replaces the
/// list); lists of primitives with the merge strategy are sets (<c>$deleteFromPrimitiveList/&lt;list&gt;</c>
/// removes values); other lists are replaced whole. Also honours <c>$setElementOrder/&lt;list&gt;</c>,
/// <c>$retainKeys</c> and <c>$patch: replace|delete</c> on maps, the directives kubectl's three-way
/// patches contain.
/// </summary>
internal static class StrategicMergePatch
{
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
    private const string SetElementOrder = "$setElementOrder/";

    public static JsonObject Apply(JsonObject original, JsonObject patch, StrategicPatchSchema schema) =>
        MergeMap(original.DeepClone().AsObject(), patch, string.Empty, schema) ?? [];

    private static JsonObject? MergeMap(JsonObject result, JsonObject patch, string path, StrategicPatchSchema schema)
    {
        switch ((string?)(patch["$patch"] as JsonValue))
        {
            case "replace":
                return Strip(patch);
            case "delete":
                return null;
            case null or "merge":
                break;
            default:
                throw new PatchException($"Unknown patch type: {patch["$patch"]} in map");
        }

        var orders = new List<(string List, JsonArray Order)>();
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys")
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var listName = key[DeleteFromPrimitiveList.Length..];
                if (result[listName] is JsonArray list && value is JsonArray doomed)
                {
                    var kept = list.Where(item => !doomed.Any(d => JsonNode.DeepEquals(d, item))).Select(i => i?.DeepClone());
                    result[listName] = new JsonArray([.. kept]);
                }

                continue;
            }

            if (key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                if (value is JsonArray order)
                {
                    orders.Add((key[SetElementOrder.Length..], order));
                }

                continue;
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject childPatch)
            {
                var merged = MergeMap(result[key] as JsonObject is { } existing ? existing.DeepClone().AsObject() : [], childPatch, childPath, schema);
                Replace(result, key, merged);
                if (merged is null)
                {
                    result.Remove(key);
                }
            }
            else if (value is JsonArray listPatch)
            {
                Replace(result, key, MergeList(result[key] as JsonArray, listPatch, childPath, schema));
            }
            else
            {
                Replace(result, key, value.DeepClone());
            }
        }

        foreach (var (listName, order) in orders)
        {
            if (result[listName] is JsonArray list)
            {
                result[listName] = Reorder(list, order, schema.ListAt(path.Length == 0 ? listName : $"{path}.{listName}")?.MergeKey);
            }
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, string path, StrategicPatchSchema schema)
    {
        var strategy = schema.ListAt(path);
        var replaceWhole = patch.OfType<JsonObject>().Any(i => (string?)(i["$patch"] as JsonValue) == "replace");
        var items = patch.Where(i => !(i is JsonObject o && (string?)(o["$patch"] as JsonValue) == "replace")).ToList();
        if (strategy is null || replaceWhole || original is null)
        {
            return new JsonArray([.. items.Select(i => i is JsonObject o ? Strip(o) : i?.DeepClone())]);
        }

        var result = new JsonArray([.. original.Select(i => i?.DeepClone())]);
        if (strategy.MergeKey is not { } mergeKey)
        {
            foreach (var item in items.Where(item => !result.Any(existing => JsonNode.DeepEquals(existing, item))))
            {
                result.Add(item?.DeepClone());
            }

            return result;
        }

        foreach (var item in items)
        {
            if (item is not JsonObject patchItem)
            {
                throw new PatchException($"expected a map in list {path} merged by {mergeKey}, got {item?.ToJsonString() ?? "null"}");
            }

            var keyValue = patchItem[mergeKey] ?? throw new PatchException($"map: {patchItem.ToJsonString()} does not contain declared merge key: {mergeKey}");
            var index = IndexOf(result, mergeKey, keyValue);
            if ((string?)(patchItem["$patch"] as JsonValue) == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                var merged = MergeMap(result[index]!.DeepClone().AsObject(), patchItem, path, schema);
                result[index] = merged;
            }
            else
            {
                result.Add(MergeMap([], patchItem, path, schema));
            }
        }

        return result;
    }

    private static JsonArray Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        var remaining = list.Select(i => i?.DeepClone()).ToList();
        var ordered = new List<JsonNode?>();
        foreach (var wanted in order)
        {
            var match = remaining.FindIndex(item => mergeKey is null
                ? JsonNode.DeepEquals(item, wanted)
                : item is JsonObject o && wanted is JsonObject w && JsonNode.DeepEquals(o[mergeKey], w[mergeKey]));
            if (match >= 0)
            {
                ordered.Add(remaining[match]);
                remaining.RemoveAt(match);
            }
        }

        return new JsonArray([.. ordered, .. remaining]);
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode keyValue)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && JsonNode.DeepEquals(item[mergeKey], keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    // A patch fragment used as a value: drop the directives, which are instructions, not data.
    private static JsonObject Strip(JsonObject patch)
    {
        var clean = new JsonObject();
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            clean[key] = value switch
            {
                JsonObject o => Strip(o),
                _ => value?.DeepClone(),
            };
        }

        return clean;
    }

    private static void Replace(JsonObject target, string key, JsonNode? value)
    {
        target.Remove(key);
        target[key] = value;
    }
}
