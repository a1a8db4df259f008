using System.Text.RegularExpressions;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class GoRegexTests
{
    private static bool Matches(string pattern, string value)
    {
        Assert.True(GoRegex.TryCompile(pattern, out var regex, out var error), error);
        return regex!.IsMatch(value);
    }

    [Theory]
    [InlineData(@"^\d+$", "123", true)]
    [InlineData(@"^\d+$", "١٢٣", false)] // Arabic-Indic digits: Unicode \d in .NET, not in RE2
    [InlineData(@"^\w+$", "abc_1", true)]
    [InlineData(@"^\w+$", "straße", false)]
    [InlineData(@"^\s$", "\u00a0", false)]
    [InlineData("^a$", "a\n", false)] // RE2's $ is the end of text, not "before a final newline"
    [InlineData("(?m)^a$", "a\nb", true)]
    [InlineData("^[[:alpha:]]+$", "abcXYZ", true)]
    [InlineData("^[[:digit:][:upper:]]+$", "A1B2", true)]
    [InlineData(@"^\pL+$", "Ünïcode", true)]
    [InlineData("^(?P<word>[a-z]+)$", "abc", true)]
    [InlineData(@"^\Qa.b\E$", "a.b", true)]
    [InlineData(@"^\Qa.b\E$", "axb", false)]
    [InlineData("^[]a]+$", "]a", true)]
    [InlineData("(?i)^abc$", "ABC", true)]
    [InlineData("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "my-name", true)]
    public void BehavesLikeRe2(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, value));
    }

    [Theory]
    [InlineData("a(?=b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("a(?!b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`")]
    [InlineData("(?<=a)b", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`")]
    [InlineData(@"(a)\1", @"error parsing regexp: invalid escape sequence: `\1`")]
    [InlineData("a++", "error parsing regexp: invalid nested repetition operator: `++`")]
    [InlineData("[a-z", "error parsing regexp: missing closing ]: `[a-z`")]
    public void RejectsWhatRe2Rejects(string pattern, string error)
    {
        Assert.False(GoRegex.TryCompile(pattern, out _, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void PathologicalPatterns_RunOnTheLinearTimeEngine()
    {
        // Like RE2, .NET's non-backtracking engine cannot backtrack catastrophically: that property is checked here
        // rather than timed, since a stopwatch on a shared machine measures its load, not the engine.
        Assert.True(GoRegex.TryCompile("^(a+)+$", out var regex, out var error), error);
        Assert.Equal(RegexOptions.NonBacktracking, regex!.Options & RegexOptions.NonBacktracking);
        Assert.DoesNotMatch(regex, new string('a', 5000) + "!");
        Assert.Matches(regex, new string('a', 5000));
    }
}
