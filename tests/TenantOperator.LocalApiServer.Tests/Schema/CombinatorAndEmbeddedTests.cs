using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class CombinatorAndEmbeddedTests
{
    private static readonly StructuralSchema Combinators = Compile("""
        {"type": "object", "properties": {"spec": {"type": "object", "properties": {
          "size": {"type": "string", "anyOf": [{"pattern": "^[0-9]+Mi$"}, {"pattern": "^[0-9]+Gi$"}]},
          "choice": {"type": "integer", "oneOf": [{"minimum": 10}, {"maximum": 20}]},
          "both": {"type": "string", "allOf": [{"minLength": 2}, {"maxLength": 4}]},
          "notEmpty": {"type": "string", "not": {"enum": [""]}}}}}}
        """);

    private static string[] Admit(string spec) => Messages(Combinators.Admit(TenantWithSpec(spec), null));

    [Fact]
    public void AnyOf_ReportsTheObjectWideErrorAndTheClosestAlternative()
    {
        Assert.Equal(
        [
            "<nil>: Invalid value: \"\": \"spec.size\" must validate at least one schema (anyOf)",
            "spec.size: Invalid value: \"12Ki\": spec.size in body should match '^[0-9]+Mi$'",
        ], Admit("""{"size": "12Ki"}"""));
        Assert.Empty(Admit("""{"size": "12Gi"}"""));
    }

    [Fact]
    public void OneOf_RequiresExactlyOne()
    {
        Assert.Equal(["<nil>: Invalid value: \"\": \"spec.choice\" must validate one and only one schema (oneOf). Found 2 valid alternatives"], Admit("""{"choice": 15}"""));
        Assert.Empty(Admit("""{"choice": 25}"""));
    }

    [Fact]
    public void AllOf_ReportsEveryFailingPart()
    {
        Assert.Equal(
        [
            "spec.both: Invalid value: \"x\": spec.both in body should be at least 2 chars long",
            "<nil>: Invalid value: \"\": \"spec.both\" must validate all the schemas (allOf)",
        ], Admit("""{"both": "x"}"""));
    }

    [Fact]
    public void Not_RejectsAMatch()
    {
        Assert.Equal(["<nil>: Invalid value: \"\": \"spec.notEmpty\" must not validate the schema (not)"], Admit("""{"notEmpty": ""}"""));
    }

    private static readonly StructuralSchema Embedded = Compile("""
        {"type": "object", "properties": {"spec": {"type": "object", "properties": {
          "template": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}}}}}
        """);

    [Fact]
    public void EmbeddedResource_NeedsApiVersionAndKind_AndKeepsItsMetadata()
    {
        var obj = TenantWithSpec("""{"template": {"metadata": {"name": "x", "bogus": 1}, "spec": {"anything": true}}}""");
        var result = Embedded.Admit(obj, null);
        Assert.Equal(["spec.template.apiVersion: Required value: must not be empty", "spec.template.kind: Required value: must not be empty"], Messages(result));
        Assert.Equal(["spec.template.metadata.bogus"], result.UnknownFields);
        Assert.True(obj["spec"]!["template"]!["spec"]!["anything"]!.GetValue<bool>());
    }

    [Fact]
    public void EmbeddedResource_KindMustBeADns1035LabelIgnoringCase()
    {
        var obj = TenantWithSpec("""{"template": {"apiVersion": "v1", "kind": "Config_Map"}}""");
        Assert.Equal(
            ["spec.template.kind: Invalid value: \"Config_Map\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            Messages(Embedded.Admit(obj, null)));
        Assert.Empty(Embedded.Admit(TenantWithSpec("""{"template": {"apiVersion": "v1", "kind": "ConfigMap"}}"""), null).Errors);
    }

    [Fact]
    public void AdditionalProperties_ValidatesMapValues_AndPrunesInsideThem()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {"limits": {"type": "object",
              "additionalProperties": {"type": "object", "properties": {"max": {"type": "integer"}}}}}}}}
            """);
        var obj = TenantWithSpec("""{"limits": {"cpu": {"max": 2, "junk": 1}, "mem": {"max": "lots"}}}""");
        var result = schema.Admit(obj, null);
        Assert.Equal(["spec.limits.cpu.junk"], result.UnknownFields);
        Assert.Equal(["spec.limits.mem.max: Invalid value: \"string\": spec.limits.mem.max in body must be of type integer: \"string\""], Messages(result));
    }
}
