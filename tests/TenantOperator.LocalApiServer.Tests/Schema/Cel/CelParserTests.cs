using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Syntax;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Tests.Schema.Cel;

/// <summary>
/// Our CEL parser gives the shapes cel-go's parser gives (CEL.g4 precedence, macro expansions), since the cost
/// estimator walks them; and it reads whatever the Cel package, which reports syntax errors, accepts.
/// </summary>
public sealed class CelParserTests
{
    [Theory]
    [InlineData("a || b && c", "_||_(a, _&&_(b, c))")]
    [InlineData("1 + 2 * 3 - 4 % 5", "_-_(_+_(1, _*_(2, 3)), _%_(4, 5))")]
    [InlineData("a < b == c", "_==_(_<_(a, b), c)")]
    [InlineData("a ? b : c ? d : e", "_?_:_(a, b, _?_:_(c, d, e))")]
    [InlineData("x in [1, 2] && !!y", "_&&_(@in(x, [1, 2]), y)")]
    [InlineData("!y || -z > -5", "_||_(!_(y), _>_(-_(z), -5))")]
    [InlineData("a.b[0].c(d, 'e')", "a.b[0].c(d, \"e\")")]
    [InlineData("has(a.b.c)", "has(a.b.c)")]
    [InlineData("sets.contains(a, b)", "sets.contains(a, b)")]
    [InlineData("{'k': [1u, 2.5, null, true]}", "{\"k\": [1u, 2.5, null, true]}")]
    [InlineData("a.?b.orValue(c[?0])", "_?._(a, \"b\").orValue(_[?_](c, 0))")]
    [InlineData("l.all(x, x > 0)", "fold(x in l; __result__ = true; @not_strictly_false(__result__); _&&_(__result__, _>_(x, 0)); __result__)")]
    [InlineData("l.exists(x, x)", "fold(x in l; __result__ = false; @not_strictly_false(!_(__result__)); _||_(__result__, x); __result__)")]
    [InlineData("l.exists_one(x, x)", "fold(x in l; __result__ = 0; true; _?_:_(x, _+_(__result__, 1), __result__); _==_(__result__, 1))")]
    [InlineData("l.map(x, x * 2)", "fold(x in l; __result__ = []; true; _+_(__result__, [_*_(x, 2)]); __result__)")]
    [InlineData("l.map(x, x > 0, x)", "fold(x in l; __result__ = []; true; _?_:_(_>_(x, 0), _+_(__result__, [x]), __result__); __result__)")]
    [InlineData("l.filter(x, x > 0)", "fold(x in l; __result__ = []; true; _?_:_(_>_(x, 0), _+_(__result__, [x]), __result__); __result__)")]
    public void Parses_AsCelGoParses(string expression, string expected)
    {
        Assert.Equal(expected, Show(CelParser.Parse(expression, optionalSyntax: true)));
    }

    [Theory]
    [InlineData("'a\\nb'", "a\nb")]
    [InlineData("r'a\\nb'", "a\\nb")]
    [InlineData("\"\"\"two\nlines\"\"\"", "two\nlines")]
    [InlineData("'\\u00e9\\x41\\101'", "éAA")]
    [InlineData("'\\U0001F451'", "👑")]
    public void StringLiterals_AreUnescapedAsCelGoDoes(string literal, string value)
    {
        Assert.Equal(value, Assert.IsType<CelLiteral>(CelParser.Parse(literal, optionalSyntax: false)).Value);
    }

    [Fact]
    public void NumberAndBytesLiterals_HaveCelsTypes()
    {
        Assert.Equal(31L, Literal("0x1F"));
        Assert.Equal(7UL, Literal("7u"));
        Assert.Equal(1000.0, Literal("1e3"));
        Assert.Equal(long.MinValue, Literal("-9223372036854775808"));
        Assert.Equal(new byte[] { 0xff, (byte)'a' }, Literal("b'\\xffa'"));
    }

    [Theory]
    [InlineData("self >")]
    [InlineData("1 +")]
    [InlineData("[1, 2")]
    [InlineData("'open")]
    [InlineData("a.all(1, true)")]
    [InlineData("has(a)")]
    [InlineData("if")]
    public void Malformed_Throws(string expression)
    {
        Assert.Throws<CelSyntaxException>(() => CelParser.Parse(expression, optionalSyntax: true));
    }

    // Rules in the shapes CRDs use (macros, optionals, literals of every kind, comments, line breaks): whatever the
    // Cel package accepts, our parser must read too, or the rule would be refused here and not by a cluster.
    [Theory]
    [InlineData("self.l.all(x, x.matches('^[a-z]+$')) && self.l.exists_one(x, x == 'a')")]
    [InlineData("self.l.map(x, x.size()).filter(n, n > 2).size() <= 3")]
    [InlineData("self.m.all(k, k.startsWith('a') && self.m[k] != '') || size(self.m) == 0")]
    [InlineData("self.?s.orValue('') == '' && optional.of(1).hasValue() && [?optional.none()].size() == 0")]
    [InlineData("// a comment\nself.s == \"x\" ||\n  self.s == '''y''' || self.s == r'\\d'")]
    [InlineData("type(self.n) == int ? self.n + 1 > -1 : double(self.n) >= 0.5e-1")]
    [InlineData("duration('1h30m') < duration('2h') && timestamp('2024-01-01T00:00:00Z') != timestamp(0)")]
    [InlineData("self.s in ['a', 'b'] ? {'a': 1, 'b': 2}[self.s] == 1 : true")]
    [InlineData("b'\\x00\\xff' != bytes('x') && 0x10 == 16 && 3u > 2u")]
    [InlineData("sets.contains(self.l, ['a']) && self.l.indexOf('a') >= -1 && self.l.join(',').size() >= 0")]
    public void RulesTheCelPackageAccepts_ParseHereToo(string rule)
    {
        var schema = JsonNode.Parse("""
            {"type": "object", "properties": {"x": {"type": "object", "properties": {
              "l": {"type": "array", "maxItems": 8, "items": {"type": "string", "maxLength": 8}},
              "m": {"type": "object", "maxProperties": 8, "additionalProperties": {"type": "string", "maxLength": 8}},
              "s": {"type": "string", "maxLength": 8}, "n": {"x-kubernetes-int-or-string": true}},
              "x-kubernetes-validations": [{"rule": RULE, "message": "a rule with line breaks needs a message"}]}}}
            """.Replace("RULE", System.Text.Json.JsonSerializer.Serialize(rule), StringComparison.Ordinal))!.AsObject();
        StructuralSchema.Compile(schema, "openAPIV3Schema", CelRuleEnvironment.ForNewRules(new KubernetesVersion(1, 32)), out var errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void Issues_ArePrintedAsCelGoPrintsThem_WithLineAndCodePointColumn()
    {
        var declarations = CelDeclarations.ForNewExpressions(KubernetesVersion.Default);
        var multiline = CelChecker.Check("true &&\n  foo(1)", declarations, new Dictionary<string, CelType>());
        Assert.Equal("ERROR: <input>:2:6: undeclared reference to 'foo' (in container '')\n |   foo(1)\n | .....^", multiline.FormatIssues());

        // A character of more than one UTF-8 byte is one column, drawn with a wide dot.
        var unicode = CelChecker.Check("'é' == bar()", declarations, new Dictionary<string, CelType>());
        Assert.Equal("ERROR: <input>:1:11: undeclared reference to 'bar' (in container '')\n | 'é' == bar()\n | .．........^", unicode.FormatIssues());
    }

    private static object? Literal(string text) => Assert.IsType<CelLiteral>(CelParser.Parse(text, optionalSyntax: false)).Value;

    private static string Show(CelExpr expr) => expr switch
    {
        CelLiteral { Value: null } => "null",
        CelLiteral { Value: string s } => "\"" + s + "\"",
        CelLiteral { Value: bool b } => b ? "true" : "false",
        CelLiteral { Value: ulong u } => u.ToString(System.Globalization.CultureInfo.InvariantCulture) + "u",
        CelLiteral { Value: IFormattable f } => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        CelIdent ident => ident.Name,
        CelSelect { TestOnly: true } select => "has(" + Show(select.Operand) + "." + select.Field + ")",
        CelSelect select => Show(select.Operand) + "." + select.Field,
        CelCall { Function: CelOperators.Index } index => Show(index.Args[0]) + "[" + Show(index.Args[1]) + "]",
        CelCall call => (call.Target is null ? "" : Show(call.Target) + ".") + call.Function + "(" + string.Join(", ", call.Args.Select(Show)) + ")",
        CelCreateList list => "[" + string.Join(", ", list.Elements.Select(Show)) + "]",
        CelCreateMap map => "{" + string.Join(", ", map.Entries.Select(e => Show(e.Key) + ": " + Show(e.Value))) + "}",
        CelComprehension c => new StringBuilder("fold(").Append(c.IterVar).Append(" in ").Append(Show(c.IterRange)).Append("; ")
            .Append(c.AccuVar).Append(" = ").Append(Show(c.AccuInit)).Append("; ").Append(Show(c.LoopCondition)).Append("; ")
            .Append(Show(c.LoopStep)).Append("; ").Append(Show(c.Result)).Append(')').ToString(),
        _ => "?",
    };
}
