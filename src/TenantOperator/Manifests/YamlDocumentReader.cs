using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TenantOperator.Manifests;

/// <summary>
/// Reads one YAML document (a <see cref="YamlDocumentSplitter.Chunk"/>) into JSON as kubectl does, from the parser's
/// events and without recursion, so depth is checked before it grows: scalars resolved by
/// <see cref="YamlScalarResolver"/>, keys converted to strings, <c>&lt;&lt;</c> merge keys applied, aliases expanded.
/// Every value is counted against the <see cref="InputBudget"/>; nesting deeper than <see cref="InputLimits.MaxDepth"/>
/// and aliases that expand past <see cref="InputLimits.MaxAliasNodes"/> are refused where they occur.
/// </summary>
internal sealed class YamlDocumentReader
{
    private readonly InputBudget _budget;
    private readonly long _lineOffset;
    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _frames = new();
    private long _nodes;
    private long _aliasNodes;
    private JsonNode? _root;

    private YamlDocumentReader(InputBudget budget, long firstLine)
    {
        _budget = budget;
        _lineOffset = firstLine - 1;
    }

    /// <summary>The document's JSON (null for an empty document).</summary>
    /// <exception cref="ManifestInputException">The document is malformed, refused by kubectl, or over a limit.</exception>
    public static JsonNode? Read(YamlDocumentSplitter.Chunk chunk, InputBudget budget) => new YamlDocumentReader(budget, chunk.FirstLine).Read(chunk.Text);

    private JsonNode? Read(string text)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        var documents = 0;
        try
        {
            while (Next(parser, scanner))
            {
                switch (parser.Current)
                {
                    case DocumentStart start:
                        if (++documents > 1)
                        {
                            throw Error("a second document after \"...\" is ignored by kubectl: separate documents with ---", start.Start);
                        }

                        break;
                    case Scalar scalar:
                        OnScalar(scalar);
                        break;
                    case AnchorAlias alias:
                        OnAlias(alias);
                        break;
                    case MappingStart mapping:
                        Open(new Frame(new JsonObject(), mapping.Anchor, mapping.Start, _nodes), mapping.Start);
                        break;
                    case SequenceStart sequence:
                        Open(new Frame(new JsonArray(), sequence.Anchor, sequence.Start, _nodes), sequence.Start);
                        break;
                    case MappingEnd or SequenceEnd:
                        Close();
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new ManifestInputException($"malformed YAML: {Clean(ex.Message)}", ex.Start.Line + _lineOffset, ex.Start.Column);
        }

        return _root;
    }

    /// <summary>
    /// The parser's next event. YamlDotNet reports most malformed YAML as a <see cref="YamlException"/> with a position,
    /// but its scanner also throws other exception types on some inputs (aaubry/YamlDotNet#541): a plain scalar inside
    /// a flow collection continued on a line indented less than the collection, as in an unclosed <c>[x</c> followed by
    /// more lines, throws InvalidOperationException. Any failure of the parser itself is malformed input, located where
    /// the scanner stopped.
    /// </summary>
    private bool Next(Parser parser, Scanner scanner)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            throw Error("malformed YAML: a line inside a [...] or {...} collection is indented less than the collection: is a ] or } missing?", scanner.CurrentPosition);
        }
        catch (Exception ex) when (ex is not (YamlException or OutOfMemoryException))
        {
            throw Error($"malformed YAML: the parser stopped here ({ex.Message})", scanner.CurrentPosition);
        }
    }

    private void OnScalar(Scalar scalar)
    {
        Count(1, scalar.Start);
        var (line, column) = Position(scalar.Start);
        var resolved = YamlScalarResolver.Resolve(scalar.Value, scalar.Style, scalar.Tag, scalar.IsPlainImplicit, line, column);
        var isMergeKey = scalar.Value == "<<" && (scalar.Tag.IsEmpty ? scalar.Style == ScalarStyle.Plain : scalar.Tag.Value == "tag:yaml.org,2002:merge");
        if (!scalar.Anchor.IsEmpty)
        {
            _anchors[scalar.Anchor.Value] = new Anchored(null, resolved, 1, 0);
        }

        Deliver(new Value(null, resolved, 0, scalar.Start, isMergeKey));
    }

    private void OnAlias(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (_open.Contains(name))
        {
            throw Error($"anchor '{name}' value contains itself", alias.Start);
        }

        if (!_anchors.TryGetValue(name, out var anchored))
        {
            throw Error($"unknown anchor '{name}' referenced", alias.Start);
        }

        if (_frames.Count + anchored.Height > _budget.Limits.MaxDepth)
        {
            throw Error($"nesting deeper than {_budget.Limits.MaxDepth} levels (through alias *{name})", alias.Start);
        }

        _aliasNodes += anchored.Nodes;
        if (_aliasNodes > _budget.Limits.MaxAliasNodes)
        {
            throw Error($"excessive aliasing: aliases expand to more than {_budget.Limits.MaxAliasNodes} values in this document (a \"billion laughs\" document?)", alias.Start);
        }

        Count(anchored.Nodes, alias.Start);
        Deliver(new Value(anchored.Node?.DeepClone(), anchored.Scalar, anchored.Height, alias.Start, false));
    }

    private void Open(Frame frame, Mark start)
    {
        if (_frames.TryPeek(out var parent) && parent.Node is JsonObject && !parent.HasKey)
        {
            throw Error("a mapping or sequence cannot be a key: kubectl refuses it", start);
        }

        if (_frames.Count + 1 > _budget.Limits.MaxDepth)
        {
            throw Error($"nesting deeper than {_budget.Limits.MaxDepth} levels", start);
        }

        Count(1, start);
        if (!frame.Anchor.IsEmpty)
        {
            _open.Add(frame.Anchor.Value);
        }

        _frames.Push(frame);
    }

    private void Close()
    {
        var frame = _frames.Pop();
        var height = frame.ChildHeight + 1;
        if (!frame.Anchor.IsEmpty)
        {
            _open.Remove(frame.Anchor.Value);
            _anchors[frame.Anchor.Value] = new Anchored(frame.Node, null, _nodes - frame.NodesBefore, height);
        }

        Deliver(new Value(frame.Node, null, height, frame.Start, false));
    }

    private void Deliver(Value value)
    {
        if (!_frames.TryPeek(out var frame))
        {
            _root = AsJson(value);
            return;
        }

        frame.ChildHeight = Math.Max(frame.ChildHeight, value.Height);
        if (frame.Node is JsonArray sequence)
        {
            sequence.Add(AsJson(value));
            return;
        }

        if (!frame.HasKey)
        {
            frame.SetKey(value.IsMergeKey ? null : KeyOf(value), value.Start);
            return;
        }

        if (frame.Key is null)
        {
            Merge(frame, value);
        }
        else
        {
            Assign(frame, frame.Key, AsJson(value));
        }

        frame.ClearKey();
    }

    private string KeyOf(Value value)
    {
        if (value.Scalar is not { } scalar)
        {
            throw Error("a mapping or sequence cannot be a key: kubectl refuses it", value.Start);
        }

        var (line, column) = Position(value.Start);
        return scalar.ToKey(line, column);
    }

    private JsonNode? AsJson(Value value)
    {
        if (value.Scalar is not { } scalar)
        {
            return value.Node;
        }

        var (line, column) = Position(value.Start);
        return scalar.ToJson(line, column);
    }

    /// <summary>
    /// An explicit key. One that a merge set before it is overridden, as both YAML and kubectl read it; one that was
    /// written before is a duplicate, which kubectl would silently resolve to the last value.
    /// </summary>
    private void Assign(Frame frame, string key, JsonNode? value)
    {
        var mapping = (JsonObject)frame.Node;
        if (mapping.ContainsKey(key) && frame.Merged?.Remove(key) != true)
        {
            throw Error($"duplicate key {Quoted.Of(key)}: kubectl would silently keep the last value", frame.KeyStart);
        }

        mapping[key] = value;
    }

    /// <summary>
    /// A <c>&lt;&lt;</c> key: the entries of its mapping, or of each mapping in its sequence (the first one that has a
    /// key wins), join the mapping without overriding its own keys. A merge that would override a key written before
    /// it is refused: kubectl (go-yaml v2) lets such a merge win, where YAML lets the written key win.
    /// </summary>
    private void Merge(Frame frame, Value value)
    {
        if (frame.SawMerge)
        {
            throw Error("duplicate merge key \"<<\": write one, with a sequence of mappings if needed", frame.KeyStart);
        }

        frame.SawMerge = true;
        var sources = value.Node switch
        {
            JsonObject single => [single],
            JsonArray many when many.All(item => item is JsonObject) => many.Select(item => (JsonObject)item!).ToList(),
            _ => throw Error("map merge requires map or sequence of maps as the value", value.Start),
        };
        var mapping = (JsonObject)frame.Node;
        frame.Merged ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, entry) in sources.SelectMany(source => source))
        {
            if (frame.Merged.Contains(key))
            {
                continue;
            }

            if (mapping.ContainsKey(key))
            {
                throw Error($"the merge overrides {Quoted.Of(key)}, written before it: kubectl keeps the merged value, YAML the written one; put \"<<\" first", frame.KeyStart);
            }

            mapping[key] = entry?.DeepClone();
            frame.Merged.Add(key);
        }
    }

    private void Count(long nodes, Mark at)
    {
        _nodes += nodes;
        var (line, column) = Position(at);
        _budget.AddNodes(nodes, line, column);
    }

    private (long Line, long Column) Position(Mark mark) => (mark.Line + _lineOffset, mark.Column);

    private ManifestInputException Error(string message, Mark at)
    {
        var (line, column) = Position(at);
        return new ManifestInputException(message, line, column);
    }

    /// <summary>YamlDotNet prefixes messages with the position, which the error prints on its own.</summary>
    private static string Clean(string message)
    {
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return Quoted.OneLine(message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message);
    }

    /// <summary>A completed value: a mapping or sequence (<paramref name="Node"/>) or a scalar, and how deep it nests.</summary>
    private readonly record struct Value(JsonNode? Node, YamlScalar? Scalar, int Height, Mark Start, bool IsMergeKey);

    /// <summary>What an anchor names: a built mapping or sequence, or a scalar; how many values it holds and how deep.</summary>
    private sealed record Anchored(JsonNode? Node, YamlScalar? Scalar, long Nodes, int Height);

    /// <summary>A mapping or sequence being built, with the key awaiting its value.</summary>
    private sealed class Frame(JsonNode node, AnchorName anchor, Mark start, long nodesBefore)
    {
        public JsonNode Node { get; } = node;

        public AnchorName Anchor { get; } = anchor;

        public Mark Start { get; } = start;

        public long NodesBefore { get; } = nodesBefore;

        public int ChildHeight { get; set; }

        public bool HasKey { get; private set; }

        /// <summary>The key awaiting its value; null for a merge key.</summary>
        public string? Key { get; private set; }

        public Mark KeyStart { get; private set; } = Mark.Empty;

        public bool SawMerge { get; set; }

        /// <summary>The keys a merge added, which a written key may override.</summary>
        public HashSet<string>? Merged { get; set; }

        public void SetKey(string? key, Mark start)
        {
            HasKey = true;
            Key = key;
            KeyStart = start;
        }

        public void ClearKey()
        {
            HasKey = false;
            Key = null;
        }
    }
}
