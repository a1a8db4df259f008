using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>
/// Evaluates a parsed JSONPath over JSON nodes with kubectl's semantics: missing keys yield nothing (when
/// allowed) or an error, JSON nulls are skipped by field and index steps, out-of-range indices are errors, and
/// filter comparisons only compare values of the same kind (an int64 never equals a float64 or a string).
/// A JSON null result is represented by a null entry; an absent result by no entry.
/// </summary>
internal sealed class JsonPathEvaluator(bool allowMissingKeys)
{
    public List<JsonNode?> Walk(List<JsonNode?> input, JsonPathNode node) => node switch
    {
        ListStep list => EvalList(input, list),
        TextStep text => [JsonValue.Create(text.Text)],
        FieldStep field => EvalField(input, field),
        ArrayStep array => EvalArray(input, array),
        FilterStep filter => EvalFilter(input, filter),
        LiteralStep literal => [.. input.Select(_ => literal.Value.DeepClone())],
        WildcardStep => EvalWildcard(input),
        RecursiveStep => EvalRecursive(input),
        UnionStep union => EvalUnion(input, union),
        _ => throw new JsonPathException($"unexpected Node {node}"),
    };

    private List<JsonNode?> EvalList(List<JsonNode?> input, ListStep list)
    {
        var current = input;
        foreach (var step in list.Steps)
        {
            current = Walk(current, step);
        }
        return current;
    }

    private List<JsonNode?> EvalField(List<JsonNode?> input, FieldStep field)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            if (value is JsonObject obj && obj.TryGetPropertyValue(field.Name, out var member))
            {
                results.Add(member);
            }
        }
        if (results.Count == 0 && input.Count > 0 && !allowMissingKeys)
        {
            throw new JsonPathException($"{field.Name} is not found");
        }
        return results;
    }

    private static List<JsonNode?> EvalArray(List<JsonNode?> input, ArrayStep array)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            if (value is null)
            {
                continue;
            }
            if (value is not JsonArray items)
            {
                throw new JsonPathException($"{Describe(value)} is not array or slice");
            }
            var length = items.Count;
            var start = array.Start.Known ? array.Start.Value : 0;
            if (start < 0)
            {
                start += length;
            }
            var end = array.End.Known ? array.End.Value : length;
            if (end < 0 || (end == 0 && array.End.Derived))
            {
                end += length;
            }
            if (end == start)
            {
                // Asking for zero elements is allowed, and (as kubectl does) ends the evaluation of this step.
                return results;
            }
            if (start >= length || start < 0)
            {
                throw new JsonPathException($"array index out of bounds: index {start}, length {length}");
            }
            if (end > length || end < 0)
            {
                throw new JsonPathException($"array index out of bounds: index {end - 1}, length {length}");
            }
            if (start > end)
            {
                throw new JsonPathException($"starting index {start} is greater than ending index {end}");
            }
            var step = 1;
            if (array.Step.Known)
            {
                if (array.Step.Value <= 0)
                {
                    throw new JsonPathException("step must be > 0");
                }
                step = array.Step.Value;
            }
            for (var i = start; i < end; i += step)
            {
                results.Add(items[i]);
            }
        }
        return results;
    }

    private static List<JsonNode?> EvalWildcard(List<JsonNode?> input)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            results.AddRange(Children(value));
        }
        return results;
    }

    private static List<JsonNode?> EvalRecursive(List<JsonNode?> input)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            var children = Children(value);
            if (children.Count == 0)
            {
                continue;
            }
            results.Add(value);
            results.AddRange(EvalRecursive(children));
        }
        return results;
    }

    private List<JsonNode?> EvalUnion(List<JsonNode?> input, UnionStep union)
    {
        var results = new List<JsonNode?>();
        foreach (var alternative in union.Alternatives)
        {
            results.AddRange(EvalList(input, alternative));
        }
        return results;
    }

    private List<JsonNode?> EvalFilter(List<JsonNode?> input, FilterStep filter)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            if (value is not JsonArray items)
            {
                throw new JsonPathException($"{Describe(value)} is not array or slice and cannot be filtered");
            }
            foreach (var item in items)
            {
                var current = new List<JsonNode?> { item };
                if (filter.Operator == "exists")
                {
                    if (TryEvalList(current, filter.Left, out var found) && found.Count > 0)
                    {
                        results.Add(item);
                    }
                    continue;
                }
                var lefts = EvalList(current, filter.Left);
                if (lefts.Count == 0)
                {
                    continue;
                }
                if (lefts.Count > 1)
                {
                    throw new JsonPathException("can only compare one element at a time");
                }
                var rights = EvalList(current, filter.Right);
                if (rights.Count == 0)
                {
                    continue;
                }
                if (rights.Count > 1)
                {
                    throw new JsonPathException("can only compare one element at a time");
                }
                if (FilterComparison.Passes(lefts[0], rights[0], filter.Operator))
                {
                    results.Add(item);
                }
            }
        }
        return results;
    }

    private bool TryEvalList(List<JsonNode?> input, ListStep list, out List<JsonNode?> results)
    {
        try
        {
            results = EvalList(input, list);
            return true;
        }
        catch (JsonPathException)
        {
            results = [];
            return false;
        }
    }

    private static List<JsonNode?> Children(JsonNode? value) => value switch
    {
        JsonObject obj => [.. obj.Select(p => p.Value)],
        JsonArray array => [.. array],
        JsonValue when GoValues.TryGetString(value, out var text) => [.. text.Select(c => (JsonNode?)JsonValue.Create((long)c))],
        _ => [],
    };

    private static string Describe(JsonNode? value) => GoValues.KindOf(value) switch
    {
        GoKind.Map => "map[string]interface {}",
        GoKind.Slice => "[]interface {}",
        GoKind.String => "string",
        GoKind.Int => "int64",
        GoKind.Float => "float64",
        GoKind.Bool => "bool",
        _ => "<invalid reflect.Value>",
    };
}
