using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TenantOperator.Cli.Manifests;

/// <summary>
/// Reads Kubernetes manifests from files and directories (*.yaml, *.yml, *.json; a directory's files in name order,
/// not recursively, as <c>kubectl apply -f DIR</c> does): multi-document YAML, JSON, and <c>kind: List</c> objects
/// whose items become documents of their own.
/// </summary>
public static class ManifestReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Every document of every path, and every problem found on the way.</summary>
    public static (List<ManifestDocument> Documents, List<ManifestProblem> Problems) Read(IEnumerable<string> paths)
    {
        var documents = new List<ManifestDocument>();
        var problems = new List<ManifestProblem>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    ReadFile(file, documents, problems);
                }
            }
            else if (File.Exists(path) || path == "-")
            {
                ReadFile(path, documents, problems);
            }
            else
            {
                problems.Add(new ManifestProblem(path, "no such file or directory"));
            }
        }

        return (documents, problems);
    }

    /// <summary>Reads the documents of one text; <paramref name="file"/> names it in errors.</summary>
    public static void ReadText(string file, string text, List<ManifestDocument> documents, List<ManifestProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            // The parser cannot go on after a syntax error, so the documents before it are still read.
            var index = stream.Documents.Count + 1;
            problems.Add(new ManifestProblem($"{file}: document {index}", $"malformed YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Clean(ex.Message)}"));
        }

        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var location = $"{file}: document {i + 1}";
            JsonNode? node;
            try
            {
                node = YamlToJson.Convert(stream.Documents[i].RootNode);
            }
            catch (YamlException ex)
            {
                problems.Add(new ManifestProblem(location, $"malformed YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Clean(ex.Message)}"));
                continue;
            }

            switch (node)
            {
                case null:
                    continue; // an empty document, such as a trailing "---"
                case JsonObject obj when IsList(obj):
                    AddListItems(file, i + 1, obj, documents, problems);
                    break;
                case JsonObject obj:
                    documents.Add(new ManifestDocument(file, i + 1, obj));
                    break;
                default:
                    problems.Add(new ManifestProblem(location, $"expected a Kubernetes object, found a {node.GetValueKind().ToString().ToLowerInvariant()}"));
                    break;
            }
        }
    }

    private static void ReadFile(string file, List<ManifestDocument> documents, List<ManifestProblem> problems)
    {
        string text;
        try
        {
            text = file == "-" ? Console.In.ReadToEnd() : File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            problems.Add(new ManifestProblem(file, ex.Message));
            return;
        }
        catch (UnauthorizedAccessException ex)
        {
            problems.Add(new ManifestProblem(file, ex.Message));
            return;
        }

        ReadText(file == "-" ? "<stdin>" : file, text, documents, problems);
    }

    /// <summary>A v1 List (as <c>kubectl get -o yaml</c> prints) or any *List kind with items.</summary>
    private static bool IsList(JsonObject obj) =>
        obj["kind"]?.GetValueKind() == JsonValueKind.String
        && obj["kind"]!.GetValue<string>().EndsWith("List", StringComparison.Ordinal)
        && obj["items"] is JsonArray;

    private static void AddListItems(string file, int index, JsonObject list, List<ManifestDocument> documents, List<ManifestProblem> problems)
    {
        var items = list["items"]!.AsArray();
        var itemKind = list["kind"]!.GetValue<string>() is var kind && kind != "List" ? kind[..^"List".Length] : null;
        for (var j = 0; j < items.Count; j++)
        {
            if (items[j] is not JsonObject item)
            {
                problems.Add(new ManifestProblem($"{file}: document {index}", $"items[{j}]: expected a Kubernetes object"));
                continue;
            }

            var copy = item.DeepClone().AsObject();
            // Typed lists (NamespaceList, ...) may omit kind and apiVersion on their items, as the API server does.
            if (itemKind is not null && copy["kind"] is null)
            {
                copy["kind"] = itemKind;
                copy["apiVersion"] ??= list["apiVersion"]?.DeepClone();
            }

            documents.Add(new ManifestDocument(file, index, copy));
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with the position, which we print ourselves.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
