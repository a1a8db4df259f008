using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.Manifests;

/// <summary>
/// Reads Kubernetes manifests from files, directories (their *.yaml, *.yml and *.json files in name order, not
/// recursively, as <c>kubectl apply -f DIR</c> does), devices, FIFOs and stdin (<c>-</c>) as kubectl reads them: an input
/// that starts with <c>{</c> is a stream of strict JSON values, anything else multi-document YAML read with YAML 1.1
/// scalars (<see cref="YamlScalarResolver"/>); <c>kind: List</c> objects become one document per item. Every input is
/// held to the <see cref="InputLimits"/>, and every problem is located by file, document, line and column.
/// </summary>
public sealed class ManifestReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    private readonly InputBudget _budget;
    private readonly List<ManifestDocument> _documents = [];
    private readonly List<ManifestProblem> _problems = [];
    private bool _ended;

    private ManifestReader(InputLimits limits) => _budget = new InputBudget(limits);

    /// <summary>Every document of every path, and every problem found on the way.</summary>
    public static (List<ManifestDocument> Documents, List<ManifestProblem> Problems) Read(IEnumerable<string> paths, InputLimits? limits = null)
    {
        var reader = new ManifestReader(limits ?? InputLimits.Default);
        foreach (var path in paths)
        {
            reader.ReadPath(path);
        }

        return (reader._documents, reader._problems);
    }

    /// <summary>The documents of one input given as bytes; <paramref name="name"/> names it in problems.</summary>
    public static (List<ManifestDocument> Documents, List<ManifestProblem> Problems) ReadBytes(string name, byte[] bytes, InputLimits? limits = null)
    {
        var reader = new ManifestReader(limits ?? InputLimits.Default);
        reader.ReadInput(name, bytes);
        return (reader._documents, reader._problems);
    }

    private void ReadPath(string path)
    {
        if (Directory.Exists(path))
        {
            List<string> files;
            try
            {
                files = [.. Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _problems.Add(new ManifestProblem(Quoted.IfNeeded(path), Quoted.OneLine(ex.Message)));
                return;
            }

            foreach (var file in files)
            {
                ReadFile(file);
            }
        }
        else if (File.Exists(path) || path == "-")
        {
            ReadFile(path);
        }
        else
        {
            _problems.Add(new ManifestProblem(Quoted.IfNeeded(path), "no such file or directory"));
        }
    }

    private void ReadFile(string path)
    {
        if (_ended)
        {
            return;
        }

        var name = path == "-" ? "<stdin>" : Quoted.IfNeeded(path); // a file name may hold a line break
        byte[] bytes;
        try
        {
            bytes = InputText.ReadBytes(path, _budget);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _problems.Add(new ManifestProblem(name, Quoted.OneLine(ex.Message)));
            return;
        }

        ReadInput(name, bytes);
    }

    private void ReadInput(string file, byte[] bytes)
    {
        try
        {
            var (text, hadByteOrderMark) = InputText.Accept(bytes, _budget);
            if (!hadByteOrderMark && StartsLikeJson(text))
            {
                ReadJson(file, bytes);
            }
            else
            {
                ReadYaml(file, text);
            }
        }
        catch (ManifestInputException ex)
        {
            _problems.Add(new ManifestProblem(file, ex.Message, ex.Line, ex.Column));
            _ended |= ex.EndsReading;
        }
    }

    /// <summary>kubectl's test: the first non-space character of the input's first 4 KiB is an opening brace.</summary>
    private static bool StartsLikeJson(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 4096)).TrimStart();
        return head.Length > 0 && head[0] == '{';
    }

    private void ReadJson(string file, byte[] utf8)
    {
        var index = 0;
        try
        {
            JsonDocumentReader.Read(utf8, _budget, node => Add(file, ++index, node));
        }
        catch (ManifestInputException ex)
        {
            _problems.Add(new ManifestProblem($"{file}: document {index + 1}", ex.Message, ex.Line, ex.Column));
            _ended |= ex.EndsReading;
        }
    }

    private void ReadYaml(string file, string text)
    {
        YamlText.CheckPrintable(text);
        var index = 0;
        try
        {
            foreach (var chunk in YamlDocumentSplitter.Split(text))
            {
                index++;
                try
                {
                    Add(file, index, YamlDocumentReader.Read(chunk, _budget));
                }
                catch (ManifestInputException ex) when (!ex.EndsReading)
                {
                    _problems.Add(new ManifestProblem($"{file}: document {index}", ex.Message, ex.Line, ex.Column));
                }
            }
        }
        catch (ManifestInputException ex)
        {
            _problems.Add(new ManifestProblem($"{file}: document {(ex.EndsReading ? index : index + 1)}", ex.Message, ex.Line, ex.Column));
            _ended |= ex.EndsReading;
        }
    }

    /// <summary>Adds a document, or the items of a List; throws when the budget of objects is spent.</summary>
    private void Add(string file, int index, JsonNode? node)
    {
        switch (node)
        {
            case null:
                return; // an empty document, such as one holding only comments
            case JsonObject obj when IsList(obj):
                AddListItems(file, index, obj);
                break;
            case JsonObject obj:
                _budget.AddDocument();
                _documents.Add(new ManifestDocument(file, index, obj));
                break;
            default:
                _problems.Add(new ManifestProblem($"{file}: document {index}", $"expected a Kubernetes object, found a{(node.GetValueKind() is JsonValueKind.Array or JsonValueKind.Object ? "n" : "")} {Describe(node)}"));
                break;
        }
    }

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "value",
    };

    /// <summary>A v1 List (as <c>kubectl get -o yaml</c> prints) or any *List kind with items.</summary>
    private static bool IsList(JsonObject obj) =>
        obj["kind"]?.GetValueKind() == JsonValueKind.String
        && obj["kind"]!.GetValue<string>().EndsWith("List", StringComparison.Ordinal)
        && obj["items"] is JsonArray;

    private void AddListItems(string file, int index, JsonObject list)
    {
        var items = list["items"]!.AsArray();
        var itemKind = list["kind"]!.GetValue<string>() is var kind && kind != "List" ? kind[..^"List".Length] : null;
        var detached = items.ToList();
        items.Clear(); // the items move into documents of their own
        for (var j = 0; j < detached.Count; j++)
        {
            if (detached[j] is not JsonObject item)
            {
                _problems.Add(new ManifestProblem($"{file}: document {index}", $"items[{j}]: expected a Kubernetes object"));
                continue;
            }

            // Typed lists (NamespaceList, ...) may omit kind and apiVersion on their items, as the API server does.
            if (itemKind is not null && item["kind"] is null)
            {
                item["kind"] = itemKind;
                item["apiVersion"] ??= list["apiVersion"]?.DeepClone();
            }

            _budget.AddDocument();
            _documents.Add(new ManifestDocument(file, index, item));
        }
    }
}
