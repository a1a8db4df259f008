using System.Globalization;
using System.Text;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;

namespace TenantOperator.LocalApiServer.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> query parameter in Kubernetes syntax: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>,
/// <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>, <c>a&gt;1</c>, <c>a&lt;1</c>, joined by commas (AND).
/// A malformed selector is a 400 BadRequest naming the problem, as kube-apiserver answers.
/// </summary>
internal sealed class ParsedLabelSelector
{
    private ParsedLabelSelector(IReadOnlyList<LabelRequirement> requirements)
    {
        Requirements = requirements;
    }

    public static ParsedLabelSelector Everything { get; } = new([]);

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    public static ParsedLabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var parser = new Parser(text);
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            requirements.Add(parser.Requirement());
            parser.SkipSpaces();
            if (parser.AtEnd)
            {
                break;
            }

            parser.Expect(',');
        }

        return new ParsedLabelSelector(requirements);
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        public void Expect(char c)
        {
            SkipSpaces();
            if (AtEnd || text[_pos] != c)
            {
                throw Fail($"expected '{c}'");
            }

            _pos++;
        }

        public LabelRequirement Requirement()
        {
            SkipSpaces();
            if (!AtEnd && text[_pos] == '!')
            {
                _pos++;
                var negated = Key();
                return new LabelRequirement(negated, LabelOperator.DoesNotExist, []);
            }

            var key = Key();
            SkipSpaces();
            if (AtEnd || text[_pos] == ',')
            {
                return new LabelRequirement(key, LabelOperator.Exists, []);
            }

            if (Take("==") || Take("="))
            {
                return new LabelRequirement(key, LabelOperator.Equals, [Value()]);
            }

            if (Take("!="))
            {
                return new LabelRequirement(key, LabelOperator.NotEquals, [Value()]);
            }

            if (Take(">") || Take("<"))
            {
                var op = text[_pos - 1] == '>' ? LabelOperator.GreaterThan : LabelOperator.LessThan;
                var number = Value();
                if (!long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    throw Fail($"for 'Gt', 'Lt' operators, the value must be an integer: {number}");
                }

                return new LabelRequirement(key, op, [number]);
            }

            var word = Word();
            if (word is "in" or "notin")
            {
                return new LabelRequirement(key, word == "in" ? LabelOperator.In : LabelOperator.NotIn, ValueSet());
            }

            throw Fail($"found '{word}', expected: in, notin, =, ==, !=, gt, lt");
        }

        private bool Take(string token)
        {
            SkipSpaces();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) == 0)
            {
                _pos += token.Length;
                return true;
            }

            return false;
        }

        private string Key()
        {
            var key = Word();
            if (key.Length == 0)
            {
                throw Fail("found '', expected: identifier");
            }

            if (MetadataValidation.QualifiedNameError(key) is { } error)
            {
                throw Fail($"invalid label key \"{key}\": {error}");
            }

            return key;
        }

        private string Value()
        {
            var value = Word();
            if (MetadataValidation.LabelValueError(value) is { } error)
            {
                throw Fail($"invalid label value: \"{value}\": at key: {error}");
            }

            return value;
        }

        private List<string> ValueSet()
        {
            Expect('(');
            var values = new List<string>();
            while (true)
            {
                values.Add(Value());
                SkipSpaces();
                if (Take(")"))
                {
                    return values;
                }

                Expect(',');
            }
        }

        private string Word()
        {
            SkipSpaces();
            var word = new StringBuilder();
            while (!AtEnd && !char.IsWhiteSpace(text[_pos]) && "=!,()<>".IndexOf(text[_pos], StringComparison.Ordinal) < 0)
            {
                word.Append(text[_pos++]);
            }

            return word.ToString();
        }

        private static ApiException Fail(string detail) =>
            new(400, "BadRequest", $"unable to parse requirement: {detail}");
    }
}
