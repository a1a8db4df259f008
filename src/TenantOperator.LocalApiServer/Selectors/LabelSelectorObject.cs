using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Selectors;

/// <summary>
/// A <c>metav1.LabelSelector</c> object (<c>matchLabels</c> and <c>matchExpressions</c>, all ANDed; <c>{}</c>
/// selects everything): matching labels with it, and the problems metav1validation.ValidateLabelSelector reports.
/// </summary>
internal static class LabelSelectorObject
{
    /// <summary>Whether every matchLabels pair and every matchExpression holds for <paramref name="labels"/>.</summary>
    public static bool Matches(JsonObject selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != Text(value))
            {
                return false;
            }
        }

        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = Text(expression["key"]);
            var values = (expression["values"] as JsonArray ?? []).Select(Text).ToHashSet(StringComparer.Ordinal);
            var holds = Text(expression["operator"]) switch
            {
                "In" => labels.TryGetValue(key, out var v) && values.Contains(v),
                "NotIn" => !labels.TryGetValue(key, out var v) || !values.Contains(v),
                "Exists" => labels.ContainsKey(key),
                "DoesNotExist" => !labels.ContainsKey(key),
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for <c>{}</c> (or null): a selector that selects everything.</summary>
    public static bool IsEmpty(JsonObject? selector) =>
        selector is null || ((selector["matchLabels"] as JsonObject)?.Count ?? 0) == 0 && ((selector["matchExpressions"] as JsonArray)?.Count ?? 0) == 0;

    /// <summary>The labels of an object's metadata as a dictionary (non-string values left out).</summary>
    public static Dictionary<string, string> Labels(JsonObject? obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj?["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    labels[key] = text;
                }
            }
        }

        return labels;
    }

    /// <summary>metav1validation.ValidateLabelSelector with its default options.</summary>
    public static IEnumerable<StatusCause> Errors(JsonObject selector, string path)
    {
        var expressions = selector["matchExpressions"] as JsonArray ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var field = $"{path}.matchExpressions[{i}]";
            var expression = expressions[i] as JsonObject ?? [];
            var op = Text(expression["operator"]);
            var values = expression["values"] as JsonArray ?? [];
            switch (op)
            {
                case "In" or "NotIn" when values.Count == 0:
                    yield return FieldErrors.Required(field + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist" when values.Count > 0:
                    yield return FieldErrors.Forbidden(field + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    yield return FieldErrors.Invalid(field + ".operator", op, "not a valid selector operator");
                    break;
            }

            if (MetadataValidation.QualifiedNameError(Text(expression["key"])) is { } keyError)
            {
                yield return FieldErrors.Invalid(field + ".key", Text(expression["key"]), keyError);
            }

            for (var j = 0; j < values.Count; j++)
            {
                if (MetadataValidation.LabelValueError(Text(values[j])) is { } valueError)
                {
                    yield return FieldErrors.Invalid($"{field}.values[{j}]", Text(values[j]), valueError);
                }
            }
        }

        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            if (MetadataValidation.QualifiedNameError(key) is { } keyError)
            {
                yield return FieldErrors.Invalid(path + ".matchLabels", key, keyError);
            }

            if (MetadataValidation.LabelValueError(Text(value)) is { } valueError)
            {
                yield return FieldErrors.Invalid(path + ".matchLabels", Text(value), valueError);
            }
        }
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}
