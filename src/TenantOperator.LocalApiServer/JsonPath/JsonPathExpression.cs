using System.Text;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>
/// A compiled template in the Kubernetes JSONPath dialect (the one of <c>kubectl -o jsonpath</c> and of CRD
/// <c>additionalPrinterColumns</c>): <c>{.status.conditions[?(@.type=="Ready")].status}</c>, <c>{.items[*].name}</c>,
/// <c>{..name}</c>, <c>{.spec.ports[0:2]}</c>, <c>{['metadata']['name']}</c>. Immutable and safe to share.
/// </summary>
public sealed class JsonPathExpression
{
    private readonly ListStep _root;

    private JsonPathExpression(string template, ListStep root, bool allowMissingKeys)
    {
        Template = template;
        _root = root;
        AllowMissingKeys = allowMissingKeys;
    }

    /// <summary>The template text this expression was parsed from.</summary>
    public string Template { get; }

    /// <summary>When true a missing field yields no result instead of an error (printer columns use this).</summary>
    public bool AllowMissingKeys { get; }

    /// <summary>Parses a template with <c>{...}</c> actions and literal text around them.</summary>
    /// <exception cref="JsonPathException">The template is not valid JSONPath.</exception>
    public static JsonPathExpression Parse(string template, bool allowMissingKeys = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new JsonPathExpression(template, JsonPathParser.Parse(template), allowMissingKeys);
    }

    /// <summary>Parses a bare path such as a printer column's <c>.spec.mode</c>, as if written <c>{.spec.mode}</c>.</summary>
    /// <exception cref="JsonPathException">The path is not valid JSONPath.</exception>
    public static JsonPathExpression ParsePath(string path, bool allowMissingKeys = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse("{" + path + "}", allowMissingKeys);
    }

    /// <summary>
    /// The values each part of the template selects, one list per text run or action, in document order.
    /// A JSON null that is selected appears as a null entry.
    /// </summary>
    /// <exception cref="JsonPathException">The data does not fit the path (e.g. an index out of range).</exception>
    public IReadOnlyList<IReadOnlyList<JsonNode?>> FindResults(JsonNode? data)
    {
        var evaluator = new JsonPathEvaluator(AllowMissingKeys);
        var results = new List<IReadOnlyList<JsonNode?>>();
        foreach (var part in _root.Steps)
        {
            results.Add(evaluator.Walk([data], part));
        }
        return results;
    }

    /// <summary>Renders the template over the data as kubectl prints it: objects and arrays as JSON, scalars as text.</summary>
    /// <exception cref="JsonPathException">The data does not fit the path.</exception>
    public string Execute(JsonNode? data)
    {
        var builder = new StringBuilder();
        foreach (var results in FindResults(data))
        {
            builder.Append(PrintResults(results));
        }
        return builder.ToString();
    }

    /// <summary>Prints selected values separated by spaces: objects and arrays as compact JSON, scalars with Go's formatting.</summary>
    public static string PrintResults(IReadOnlyList<JsonNode?> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var builder = new StringBuilder();
        for (var i = 0; i < results.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            var value = results[i];
            builder.Append(value is JsonObject or JsonArray ? GoText.Marshal(value) : GoText.Print(value));
        }
        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Template;
}
