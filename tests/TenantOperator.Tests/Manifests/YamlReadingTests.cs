using System.Text.Json.Nodes;

namespace TenantOperator.Tests.Manifests;

/// <summary>
/// YAML read as kubectl reads it (sigs.k8s.io/yaml over go-yaml v2: YAML 1.1 scalars, Go's number syntax). The expected
/// values are go-yaml's resolve rules applied by hand; KubectlReadingParityTests checks the same cases against the real
/// kubectl.
/// </summary>
public class YamlReadingTests
{
    /// <summary>Scalars kubectl reads, and the JSON it sends for each.</summary>
    public static TheoryData<string, string> KubectlScalars => new()
    {
        { "0120", "80" }, // a leading zero is octal
        { "0777", "511" },
        { "0x50", "80" },
        { "0X50", "80" },
        { "0o120", "80" }, // Go's ParseInt takes 0o since Go 1.13, so go-yaml v2 does too
        { "0b1010000", "80" },
        { "-0x50", "-80" },
        { "+12", "12" },
        { "1_000", "1000" }, // every underscore is dropped before parsing
        { "0x_1F", "31" },
        { "08", "8" }, // not octal, so a float: 8.0, sent as 8
        { "09.5", "9.5" },
        { "80.0", "80" },
        { "1e3", "1000" },
        { "12e03", "12000" },
        { "1.", "1" },
        { ".5", "0.5" },
        { "-.5", "-0.5" },
        { "1e-7", "0.0000001" },
        { "-0", "0" },
        { "9223372036854775807", "9223372036854775807" },
        { "9223372036854775808", "9223372036854775808" }, // above int64: an unsigned integer
        { "-9223372036854775809", "-9223372036854775808" }, // below int64: a float, which rounds to -2^63
        { "yes", "true" },
        { "Yes", "true" },
        { "YES", "true" },
        { "y", "true" },
        { "Y", "true" },
        { "on", "true" },
        { "On", "true" },
        { "ON", "true" },
        { "True", "true" },
        { "no", "false" },
        { "n", "false" },
        { "N", "false" },
        { "off", "false" },
        { "OFF", "false" },
        { "FALSE", "false" },
        { "~", "null" },
        { "null", "null" },
        { "Null", "null" },
        { "", "null" },
        { "yEs", "\"yEs\"" }, // only the three spellings of each word
        { "oN", "\"oN\"" },
        { "1:20", "\"1:20\"" }, // go-yaml does not read sexagesimal numbers
        { "190:20:30", "\"190:20:30\"" },
        { "2001-12-14", "\"2001-12-14\"" }, // a timestamp stays a string
        { "0x", "\"0x\"" },
        { "0b2", "\"0b2\"" },
        { "-x", "\"-x\"" },
        { "1_", "1" },
        { ".x", "\".x\"" },
        { "'0x50'", "\"0x50\"" },
        { "\"yes\"", "\"yes\"" },
        { "!!str 80", "\"80\"" },
        { "!!int \"12\"", "12" },
        { "!!float 1", "1" },
        { "!!bool \"yes\"", "true" },
        { "!!null ''", "null" },
        { "! 14", "\"14\"" },
        { "!foo 13", "\"13\"" },
        { "!!binary aGVsbG8=", "\"hello\"" },
        { "|-\n  0x50", "\"0x50\"" },
    };

    [Theory]
    [MemberData(nameof(KubectlScalars))]
    public void Scalars_AreReadAsKubectlReadsThem(string yaml, string json)
    {
        var value = Read.Value(yaml);
        Assert.True(Read.SameJson(JsonNode.Parse(json), value), $"{yaml}: expected {json}, read {value?.ToJsonString() ?? "null"}");
    }

    [Theory]
    [InlineData(".inf", "line 2, column 4: .inf is not a finite number: JSON cannot carry it, and kubectl refuses it")]
    [InlineData("-.Inf", "line 2, column 4: -.Inf is not a finite number")]
    [InlineData(".nan", "line 2, column 4: .nan is not a finite number")]
    [InlineData("1e400", "line 2, column 4: the number 1e400 is out of range: kubectl would send it as the string \"1e400\"; quote it if a string is meant")]
    [InlineData("0x1_0000_0000_0000_0000", "line 2, column 4: the number 0x1_0000_0000_0000_0000 is out of range")]
    [InlineData("!!int x12", "line 2, column 4: cannot decode !!str `x12` as a !!int")]
    [InlineData("!!binary $$$", "line 2, column 4: !!binary value contains invalid base64 data")]
    public void ScalarsJsonCannotCarry_AreLocatedErrors(string yaml, string expected)
    {
        var problem = Read.Problem($"kind: X\nv: {yaml}\n");
        Assert.StartsWith($"t.yaml: document 1: {expected}", problem);
    }

    /// <summary>Mapping keys, and the JSON key kubectl makes of each.</summary>
    public static TheoryData<string, string> KubectlKeys => new()
    {
        { "y", "true" },
        { "no", "false" },
        { "0x10", "16" },
        { "1e6", "1e+06" }, // Go's %g of the 32-bit float
        { "1000000.0", "1e+06" },
        { "100000.0", "100000" },
        { "1.5", "1.5" },
        { "0.1", "0.1" },
        { "1e-5", "1e-05" },
        { "0.0001", "0.0001" },
        { "3.14159265358979", "3.1415927" },
        { "1e39", ".inf" }, // beyond a 32-bit float
        { "-0.0", "-0" },
        { "'y'", "y" },
    };

    [Theory]
    [MemberData(nameof(KubectlKeys))]
    public void MappingKeys_BecomeTheStringsKubectlMakesOfThem(string key, string expected)
    {
        var (documents, problems) = Read.Text($"kind: X\n{key}: v\n");
        Assert.Empty(problems);
        Assert.Equal(["kind", expected], documents.Single().Content.Select(p => p.Key));
    }

    [Theory]
    [InlineData("~: v", "line 2, column 1: a null key (~) is not allowed: kubectl refuses it")]
    [InlineData("9223372036854775808: v", "line 2, column 1: the key 9223372036854775808 is an unsigned 64-bit integer, a key type kubectl refuses")]
    [InlineData("[a]: v", "line 2, column 1: a mapping or sequence cannot be a key: kubectl refuses it")]
    [InlineData("? {a: 1}\n: v", "line 2, column 3: a mapping or sequence cannot be a key: kubectl refuses it")]
    public void KeysKubectlRefuses_AreLocatedErrors(string yaml, string expected)
    {
        var problem = Read.Problem($"kind: X\n{yaml}\n");
        Assert.StartsWith($"t.yaml: document 1: {expected}", problem);
    }

    [Fact]
    public void MergeKeys_JoinTheMapping_AndWrittenKeysAfterThemWin()
    {
        var (documents, problems) = Read.Text("""
            kind: X
            base: &base {a: 1, b: 2}
            other: &other {b: 3, c: 4}
            one:
              <<: *base
              a: 10
            many:
              <<: [*base, *other]
            inline:
              <<: {x: 1}
            """);

        Assert.Empty(problems);
        var content = documents.Single().Content;
        Assert.True(Read.SameJson(JsonNode.Parse("""{"a": 10, "b": 2}"""), content["one"]));
        Assert.True(Read.SameJson(JsonNode.Parse("""{"a": 1, "b": 2, "c": 4}"""), content["many"])); // the first mapping with a key wins
        Assert.True(Read.SameJson(JsonNode.Parse("""{"x": 1}"""), content["inline"]));
    }

    [Theory]
    [InlineData("m:\n  a: 1\n  <<: {a: 2}", "line 4, column 3: the merge overrides \"a\", written before it: kubectl keeps the merged value, YAML the written one; put \"<<\" first")]
    [InlineData("m:\n  <<: {a: 1}\n  <<: {b: 2}", "line 4, column 3: duplicate merge key \"<<\"")]
    [InlineData("m:\n  <<: [1]", "line 3, column 7: map merge requires map or sequence of maps as the value")]
    [InlineData("m:\n  <<: x", "line 3, column 7: map merge requires map or sequence of maps as the value")]
    public void MergesThatKubectlReadsAmbiguouslyOrRefuses_AreLocatedErrors(string yaml, string expected)
    {
        var problem = Read.Problem($"kind: X\n{yaml}\n");
        Assert.StartsWith($"t.yaml: document 1: {expected}", problem);
    }

    [Fact]
    public void AQuotedMergeKey_IsAnOrdinaryKey()
    {
        var (documents, problems) = Read.Text("kind: X\n\"<<\": {a: 1}\n");
        Assert.Empty(problems);
        Assert.NotNull(documents.Single().Content["<<"]);
    }

    [Theory]
    [InlineData("kind: X\na: 1\na: 2\n", "t.yaml: document 1: line 3, column 1: duplicate key \"a\": kubectl would silently keep the last value")]
    [InlineData("kind: X\n1: a\n\"1\": b\n", "t.yaml: document 1: line 3, column 1: duplicate key \"1\"")]
    [InlineData("kind: X\ny: a\nyes: b\n", "t.yaml: document 1: line 3, column 1: duplicate key \"true\"")]
    public void DuplicateKeys_AfterKubectlsKeyConversion_AreLocatedErrors(string yaml, string expected)
    {
        Assert.StartsWith(expected, Read.Problem(yaml));
    }

    [Theory]
    [InlineData("kind: X\na: *nothing\n", "t.yaml: document 1: line 2, column 4: unknown anchor 'nothing' referenced")]
    [InlineData("kind: X\na: &a [*a]\n", "t.yaml: document 1: line 2, column 8: anchor 'a' value contains itself")]
    [InlineData("kind: X\na: &a 1\n---\nkind: X\nb: *a\n", "t.yaml: document 2: line 5, column 4: unknown anchor 'a' referenced")]
    public void AliasesToUnknownOrEnclosingAnchors_AreLocatedErrors(string yaml, string expected)
    {
        Assert.StartsWith(expected, Read.Problem(yaml));
    }

    [Fact]
    public void Documents_AreSplitAsKubectlSplitsThem_SoOneBadDocumentDoesNotHideTheOthers()
    {
        var (documents, problems) = Read.Text("""
            --- # a comment may follow a separator
            kind: A
            ---
            kind: [unclosed
            ---

            ---
            # only a comment
            ---
            kind: C
            """);

        Assert.Equal(["A", "C"], documents.Select(d => d.Kind));
        Assert.Equal([1, 5], documents.Select(d => d.Index)); // documents 3 and 4 are empty
        Assert.StartsWith("t.yaml: document 2: line 5, column 1: malformed YAML: ", Assert.Single(problems));
    }

    [Theory]
    [InlineData("--- {kind: A}\n", "t.yaml: document 1: line 1, column 1: invalid document separator: \"{kind: A}\" follows --- on the same line; kubectl refuses it")]
    [InlineData("kind: A\n----\nkind: B\n", "t.yaml: document 2: line 2, column 1: invalid document separator: \"-\"")]
    [InlineData("kind: A\n...\nkind: B\n", "t.yaml: document 1: line 3, column 1: a second document after \"...\" is ignored by kubectl: separate documents with ---")]
    public void SeparatorsKubectlRefusesOrIgnores_AreLocatedErrors(string yaml, string expected)
    {
        Assert.StartsWith(expected, Read.Problem(yaml));
    }

    [Fact]
    public void AnUnclosedFlowSequenceFollowedByMoreLines_IsALocatedError_NotACrash()
    {
        var problem = Read.Problem("a: [x\nb: c\n");

        Assert.Equal("t.yaml: document 1: line 2, column 1: malformed YAML: a line inside a [...] or {...} collection is indented less than the collection: is a ] or } missing?", problem);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)':', (byte)' ', 0xC3, 0x28 }, "t.yaml: line 1, column 4: not valid UTF-8 text (byte offset 3)")]
    [InlineData(new byte[] { (byte)'a', (byte)':', (byte)'\n', (byte)' ', 0xFF }, "t.yaml: line 2, column 2: not valid UTF-8 text (byte offset 4)")]
    [InlineData(new byte[] { (byte)'a', (byte)':', (byte)' ', 0 }, "t.yaml: line 1, column 4: control character U+0000 is not allowed in YAML; kubectl refuses it")]
    [InlineData(new byte[] { (byte)'a', (byte)':', (byte)' ', 0x7F }, "t.yaml: line 1, column 4: control character U+007F is not allowed in YAML")]
    public void BytesThatAreNotYamlText_AreLocatedErrors(byte[] bytes, string expected)
    {
        var (_, problems) = Read.Bytes(bytes);
        Assert.StartsWith(expected, Assert.Single(problems));
    }

    [Theory]
    [InlineData("{\"kind\": \"X\", \"v\": \"\\ud800\"}", "t.yaml: document 1: line 1, column 20: a \\u escape is half of a surrogate pair, which is no character (kubectl would send U+FFFD instead)")]
    [InlineData("kind: X\nv: \"\\ud800\"\n", "t.yaml: document 1: line 2, column 4: malformed YAML: While scanning a quoted scalar, found invalid Unicode surrogates.")]
    public void EscapedLoneSurrogates_AreLocatedErrors(string text, string expected)
    {
        Assert.Equal(expected, Read.Problem(text));
    }

    [Fact]
    public void Utf16WithAByteOrderMark_IsRead_AsKubectlReadsIt()
    {
        var (documents, problems) = Read.Bytes([.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes("kind: X\nv: 0x50\n")]);

        Assert.Empty(problems);
        Assert.Equal(80, documents.Single().Content["v"]!.GetValue<long>());
    }
}
