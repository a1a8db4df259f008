using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>
/// A LabelSelector as kubectl shows it (<c>app=web,tier in (a,b),!legacy</c>): requirements sorted by key,
/// values of set operators sorted; an empty or absent selector is <c>&lt;none&gt;</c>, an invalid one <c>&lt;error&gt;</c>.
/// </summary>
internal static class LabelSelectorText
{
    public static string Format(JsonNode? selector)
    {
        if (selector is not JsonObject obj)
        {
            return "<none>";
        }
        var requirements = new List<(string Key, string Text)>();
        if (obj["matchLabels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                requirements.Add((key, key + "=" + (GoValues.TryGetString(value, out var text) ? text : "")));
            }
        }
        if (obj["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                GoValues.TryGetString(expression["key"], out var key);
                GoValues.TryGetString(expression["operator"], out var op);
                var values = (expression["values"] as JsonArray)?.Select(v => GoValues.TryGetString(v, out var s) ? s : "").Order(StringComparer.Ordinal).ToList() ?? [];
                string? text = op switch
                {
                    "In" when values.Count > 0 => $"{key} in ({string.Join(",", values)})",
                    "NotIn" when values.Count > 0 => $"{key} notin ({string.Join(",", values)})",
                    "Exists" when values.Count == 0 => key,
                    "DoesNotExist" when values.Count == 0 => "!" + key,
                    _ => null,
                };
                if (text is null)
                {
                    return "<error>";
                }
                requirements.Add((key, text));
            }
        }
        return requirements.Count == 0
            ? "<none>"
            : string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }
}
