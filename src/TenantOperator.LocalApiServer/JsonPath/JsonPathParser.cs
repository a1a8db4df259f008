using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>
/// Parses the Kubernetes JSONPath dialect: text with <c>{...}</c> actions holding fields, <c>[n]</c>, slices,
/// <c>[*]</c>, <c>..</c>, unions, quoted keys and filters. Parsing rules follow kubectl's parser so that a
/// printer-column path means here what it means to a cluster; <c>range</c>/<c>end</c> are not supported
/// (printer columns never use them).
/// </summary>
internal sealed partial class JsonPathParser
{
    private readonly string _input;
    private int _pos;

    private JsonPathParser(string input)
    {
        _input = input;
    }

    /// <summary>Parses a whole template; the result has one step per text run or action.</summary>
    public static ListStep Parse(string template)
    {
        var parser = new JsonPathParser(template);
        return new ListStep(parser.ParseTemplate());
    }

    /// <summary>Parses the inside of one action (no braces).</summary>
    private static ListStep ParseAction(string text)
    {
        var template = Parse("{" + text + "}");
        return template.Steps.Count == 1 && template.Steps[0] is ListStep action ? action : new ListStep([]);
    }

    [GeneratedRegex(@"^'([^']*)'$")]
    private static partial Regex DictKey();

    [GeneratedRegex(@"^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$")]
    private static partial Regex SliceOperator();

    [GeneratedRegex(@"^([^!<>=]+)([!<>=]+)(.+?)$", RegexOptions.Singleline)]
    private static partial Regex Comparison();

    private List<JsonPathNode> ParseTemplate()
    {
        var nodes = new List<JsonPathNode>();
        var start = _pos;
        while (_pos < _input.Length)
        {
            if (_input[_pos] == '{')
            {
                if (_pos > start)
                {
                    nodes.Add(new TextStep(_input[start.._pos]));
                }
                _pos++;
                nodes.Add(new ListStep(ParseInsideAction()));
                start = _pos;
                continue;
            }
            _pos++;
        }
        if (_pos > start)
        {
            nodes.Add(new TextStep(_input[start.._pos]));
        }
        return nodes;
    }

    // Reads steps until the closing brace of the action.
    private List<JsonPathNode> ParseInsideAction()
    {
        var steps = new List<JsonPathNode>();
        while (true)
        {
            if (Rest.StartsWith('}'))
            {
                _pos++;
                return steps;
            }
            if (Rest.StartsWith("[?(", StringComparison.Ordinal))
            {
                steps.Add(ParseFilter());
                continue;
            }
            if (Rest.StartsWith("..", StringComparison.Ordinal))
            {
                if (steps.Count > 0 && steps[^1] is RecursiveStep)
                {
                    throw new JsonPathException("invalid multiple recursive descent");
                }
                _pos += 2;
                steps.Add(new RecursiveStep());
                if (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
                {
                    steps.Add(ParseFieldName());
                }
                continue;
            }
            if (_pos >= _input.Length || _input[_pos] is '\r' or '\n')
            {
                throw new JsonPathException("unclosed action");
            }
            var c = _input[_pos];
            switch (c)
            {
                case ' ' or '@' or '$':
                    _pos++;
                    break;
                case '[':
                    steps.Add(ParseArray());
                    break;
                case '"' or '\'':
                    steps.Add(ParseQuote(c));
                    break;
                case '.':
                    _pos++;
                    steps.Add(ParseFieldName());
                    break;
                default:
                    if (c is '+' or '-' || char.IsDigit(c))
                    {
                        steps.Add(ParseNumber());
                    }
                    else if (IsAlphaNumeric(c))
                    {
                        steps.Add(ParseIdentifier());
                    }
                    else
                    {
                        throw new JsonPathException($"unrecognized character in action: U+{(int)c:X4} '{c}'");
                    }
                    break;
            }
        }
    }

    private ReadOnlySpan<char> Rest => _input.AsSpan(_pos);

    private JsonPathNode ParseFieldName()
    {
        var builder = new StringBuilder();
        while (_pos < _input.Length)
        {
            var c = _input[_pos];
            if (c == '\\' && _pos + 1 < _input.Length)
            {
                // A backslash escapes the next character (e.g. a dot inside a label key).
                builder.Append(_input[_pos + 1]);
                _pos += 2;
                continue;
            }
            if (IsTerminator(c))
            {
                break;
            }
            builder.Append(c);
            _pos++;
        }
        var name = builder.ToString();
        return name == "*" ? new WildcardStep() : new FieldStep(name);
    }

    private JsonPathNode ParseIdentifier()
    {
        var start = _pos;
        while (_pos < _input.Length && !IsTerminator(_input[_pos]))
        {
            _pos++;
        }
        var value = _input[start.._pos];
        return value switch
        {
            "true" => new LiteralStep(JsonValue.Create(true)),
            "false" => new LiteralStep(JsonValue.Create(false)),
            _ => throw new JsonPathException($"unrecognized identifier {value}"),
        };
    }

    private JsonPathNode ParseNumber()
    {
        var start = _pos;
        if (_input[_pos] is '+' or '-')
        {
            _pos++;
        }
        while (_pos < _input.Length && (_input[_pos] == '.' || char.IsDigit(_input[_pos])))
        {
            _pos++;
        }
        var text = _input[start.._pos];
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new LiteralStep(JsonValue.Create((long)integer));
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new LiteralStep(JsonValue.Create(number));
        }
        throw new JsonPathException($"cannot parse number {text}");
    }

    private JsonPathNode ParseQuote(char quote)
    {
        var start = _pos;
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                throw new JsonPathException("unterminated quoted string");
            }
            if (_input[_pos] == quote && _input[_pos - 1] != '\\')
            {
                _pos++;
                break;
            }
            _pos++;
        }
        return new TextStep(Unquote(_input[start.._pos]));
    }

    private JsonPathNode ParseArray()
    {
        var start = _pos;
        while (true)
        {
            _pos++;
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                throw new JsonPathException("unterminated array");
            }
            if (_input[_pos] == ']')
            {
                _pos++;
                break;
            }
        }
        var text = _input[(start + 1)..(_pos - 1)];
        if (text == "*")
        {
            text = ":";
        }
        var parts = text.Split(',');
        if (parts.Length > 1)
        {
            return new UnionStep([.. parts.Select(part => ParseAction("[" + part.Trim(' ') + "]"))]);
        }
        var key = DictKey().Match(text);
        if (key.Success)
        {
            return new FieldStep(key.Groups[1].Value);
        }
        var slice = SliceOperator().Match(text);
        if (!slice.Success)
        {
            throw new JsonPathException($"invalid array index {text}");
        }
        var start0 = ParseBound(slice.Groups[1].Value, isFirst: true, out _);
        var end = ParseBound(slice.Groups[2].Value, isFirst: false, out var endWasAbsent);
        if (endWasAbsent)
        {
            // "[n]" selects one element: the end is derived from the start.
            end = new SliceBound(true, start0.Value + 1, true);
        }
        var step = ParseBound(slice.Groups[3].Value, isFirst: false, out _);
        return new ArrayStep(start0, end, step);
    }

    private static SliceBound ParseBound(string text, bool isFirst, out bool absent)
    {
        absent = text.Length == 0;
        if (absent)
        {
            return new SliceBound(false, 0, false);
        }
        if (!isFirst)
        {
            text = text[1..];
            if (text.Length == 0)
            {
                return new SliceBound(false, 0, false);
            }
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new JsonPathException($"array index {text} is not a number");
        }
        return new SliceBound(true, value, false);
    }

    private JsonPathNode ParseFilter()
    {
        _pos += 3;
        var start = _pos;
        var inQuote = false;
        var quoteClosed = false;
        var quote = '\0';
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                throw new JsonPathException("unterminated filter");
            }
            var c = _input[_pos];
            _pos++;
            if (c is '"' or '\'')
            {
                if (!inQuote)
                {
                    inQuote = true;
                    quote = c;
                    continue;
                }
                if (c == quote && _input[_pos - 2] != '\\')
                {
                    quoteClosed = true;
                }
            }
            else if (c == ')' && inQuote == quoteClosed)
            {
                break;
            }
        }
        if (_pos >= _input.Length || _input[_pos] != ']')
        {
            throw new JsonPathException("unclosed array expect ]");
        }
        _pos++;
        var text = _input[start..(_pos - 2)];
        var comparison = Comparison().Match(text);
        if (!comparison.Success)
        {
            return new FilterStep(ParseAction(text), new ListStep([]), "exists");
        }
        return new FilterStep(ParseAction(comparison.Groups[1].Value), ParseAction(comparison.Groups[3].Value), comparison.Groups[2].Value);
    }

    private static string Unquote(string quoted)
    {
        var quote = quoted[0];
        var body = quoted[1..^1];
        if (!body.Contains('\\', StringComparison.Ordinal))
        {
            return body;
        }
        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                builder.Append(c);
                continue;
            }
            var next = body[++i];
            builder.Append(next switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                _ when next == quote => quote,
                _ => throw new JsonPathException($"unquote string {quoted} error invalid syntax"),
            });
        }
        return builder.ToString();
    }

    private static bool IsTerminator(char c) =>
        c is ' ' or '\t' or '\r' or '\n' or '.' or ',' or '[' or ']' or '$' or '@' or '{' or '}';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);
}
