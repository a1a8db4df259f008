using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TenantOperator.Cli.Manifests;

/// <summary>
/// Converts parsed YAML to JSON nodes resolving plain scalars as kubectl does (sigs.k8s.io/yaml, YAML 1.1 rules):
/// <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c> and <c>true</c>/<c>false</c> are booleans, numbers are numbers, <c>~</c>
/// and <c>null</c> are null; quoted scalars are always strings. So a document is read the way the cluster would read it.
/// </summary>
public static partial class YamlToJson
{
    /// <summary>Converts one YAML node.</summary>
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new YamlException(keyNode.Start, keyNode.End, "mapping keys must be strings");
            }

            if (obj.ContainsKey(key))
            {
                throw new YamlException(keyNode.Start, keyNode.End, $"duplicate key \"{key}\"");
            }

            obj[key] = Convert(valueNode);
        }

        return obj;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (TrueValues.Contains(text))
        {
            return JsonValue.Create(true);
        }

        if (FalseValues.Contains(text))
        {
            return JsonValue.Create(false);
        }

        if (IntegerRegex().IsMatch(text) && long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatRegex().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    private static readonly HashSet<string> TrueValues = ["true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"];
    private static readonly HashSet<string> FalseValues = ["false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"];

    [GeneratedRegex("^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex IntegerRegex();

    [GeneratedRegex("^[-+]?([0-9][0-9_]*)?\\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")]
    private static partial Regex FloatRegex();
}
