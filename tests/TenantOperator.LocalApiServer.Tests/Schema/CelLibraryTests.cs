using TenantOperator.LocalApiServer.Schema.Cel;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class CelLibraryTests
{
    [Theory]
    [InlineData("has(self.a)", "('a' in (self))")]
    [InlineData("has(self.a.b) || has(self.c)", "('b' in (self.a)) || ('c' in (self))")]
    [InlineData("!has(self.endPort) || (has(self.port) && self.endPort >= self.port)", "!('endPort' in (self)) || (('port' in (self)) && self.endPort >= self.port)")]
    [InlineData("has( self.items[0].name )", "('name' in (self.items[0]))")]
    [InlineData("'has(self.a)' == self.s", "'has(self.a)' == self.s")]
    [InlineData("self.hash(x)", "self.hash(x)")]
    [InlineData("has(self.m[has(self.k) ? 'a' : 'b'].x)", "('x' in (self.m[('k' in (self)) ? 'a' : 'b']))")]
    public void HasMacro_IsRewrittenToAPresenceTest(string rule, string expected)
    {
        Assert.Equal(expected, HasMacroRewriter.Rewrite(rule));
    }

    [Fact]
    public void Has_IsTrueForPresentEmptyValues()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object",
              "x-kubernetes-validations": [{"rule": "has(self.list) && has(self.map) && has(self.text)", "message": "all three must be present"}],
              "properties": {"list": {"type": "array", "items": {"type": "string"}}, "map": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}, "text": {"type": "string"}}}}}
            """);
        Assert.Empty(schema.Admit(TenantWithSpec("""{"list": [], "map": {}, "text": ""}"""), null).Errors);
        Assert.Single(schema.Admit(TenantWithSpec("""{"list": [], "map": {}}"""), null).Errors);
    }

    [Theory]
    [InlineData("self.s.lowerAscii() == 'abc-É'", "ABC-É")]
    [InlineData("self.s.upperAscii() == 'ABC'", "abc")]
    [InlineData("self.s.indexOf('c') == 2 && self.s.lastIndexOf('a') == 3", "abca")]
    [InlineData("self.s.replace('a', 'x') == 'xbx' && self.s.replace('a', 'x', 1) == 'xba'", "aba")]
    [InlineData("self.s.split(',').size() == 3 && self.s.split(',', 2)[1] == 'b,c'", "a,b,c")]
    [InlineData("self.s.substring(1) == 'bc' && self.s.substring(0, 1) == 'a'", "abc")]
    [InlineData("self.s.trim() == 'x' && self.s.charAt(1) == 'x'", " x ")]
    // join is tested on a bounded list below: Kubernetes cannot bound the elements of split() or of a list literal,
    // so their join's estimated cost is unbounded and such a rule is refused.
    [InlineData("self.s.split('-').size() == 2 && self.s.split('-', 1).size() == 1", "a-b")]
    [InlineData("self.s.find('[0-9]+') == '42' && self.s.findAll('[a-z]').size() == 2", "ab42")]
    [InlineData("self.s.matches('^[a-z]+$') && !self.s.matches('^[0-9]+$')", "abc")]
    [InlineData("[1, 2, 3].isSorted() && ![3, 1].isSorted() && [1, 2, 3].sum() == 6 && [4, 2, 9].min() == 2 && [4, 2, 9].max() == 9", "x")]
    [InlineData("[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2", "x")]
    [InlineData("self.s.size() == 3 && size(self.s) == 3", "äöü")]
    [InlineData("int('5') + 1 == 6 && string(5) == '5' && double(1) == 1.0", "x")]
    [InlineData("duration('1h') > duration('30m') && timestamp('2024-01-01T00:00:00Z') < timestamp('2025-01-01T00:00:00Z')", "x")]
    [InlineData("['a', 'b'].exists(x, x == self.s) && ['a'].all(x, x.size() == 1) && [1, 2].map(x, x * 2)[1] == 4 && [1, 2, 3].filter(x, x > 1).size() == 2", "b")]
    public void KubernetesLibraryFunctions_Evaluate(string rule, string value)
    {
        var schema = Compile(
            "{\"type\": \"object\", \"properties\": {\"spec\": {\"type\": \"object\", \"properties\": {\"s\": {\"type\": \"string\", \"maxLength\": 64, " +
            "\"x-kubernetes-validations\": [{\"rule\": " + System.Text.Json.JsonSerializer.Serialize(rule.Replace("self.s", "self", StringComparison.Ordinal)) + "}]}}}}}");
        var result = schema.Admit(TenantWithSpec($$"""{"s": {{System.Text.Json.JsonSerializer.Serialize(value)}}}"""), null);
        Assert.Empty(result.Errors);
        Assert.Empty(schema.NotEvaluatedRules);
    }

    [Fact]
    public void Join_OfABoundedList_Evaluates()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {"l": {"type": "array", "maxItems": 4,
              "items": {"type": "string", "maxLength": 8}, "x-kubernetes-validations": [{"rule": "self.join('+') == 'a+b' && self.join() == 'ab'"}]}}}}}
            """);
        Assert.Empty(schema.Admit(TenantWithSpec("""{"l": ["a", "b"]}"""), null).Errors);
        Assert.Single(schema.Admit(TenantWithSpec("""{"l": ["a", "c"]}"""), null).Errors);
    }

    [Fact]
    public void MinOfEmptyList_IsAnEvaluationError()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {"l": {"type": "array", "items": {"type": "integer"},
              "x-kubernetes-validations": [{"rule": "self.min() > 0"}]}}}}}
            """);
        Assert.Equal(["spec.l: Invalid value: \"array\": min called on empty list evaluating rule: self.min() > 0"],
            Messages(schema.Admit(TenantWithSpec("""{"l": []}"""), null)));
    }

    [Fact]
    public void OptionalOldSelf_AndOptionalSyntax_AreNotEvaluated()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {
              "a": {"type": "string", "x-kubernetes-validations": [{"rule": "oldSelf.hasValue() || true", "optionalOldSelf": true}]},
              "b": {"type": "object", "properties": {"c": {"type": "string"}}, "x-kubernetes-validations": [{"rule": "self.?c.orValue('') == ''"}]}}}}}
            """);
        Assert.Equal(2, schema.NotEvaluatedRules.Count);
        Assert.Empty(schema.Admit(TenantWithSpec("""{"a": "x", "b": {"c": "d"}}"""), null).Errors);
    }

    [Fact]
    public void CompiledSchema_IsSafeToShareAcrossThreads()
    {
        var schema = Compile(Tenant);
        Parallel.For(0, 200, i =>
        {
            var errors = schema.Admit(TenantWithSpec(i % 2 == 0 ? """{"namespaces": ["a"]}""" : "{}"), null).Errors;
            Assert.Equal(i % 2 == 0 ? 0 : 1, errors.Count);
        });
    }
}
