using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class AdmissionValidationTests
{
    private static readonly StructuralSchema Schema = Compile(Tenant);

    private static string[] Admit(string spec) => Messages(Schema.Admit(TenantWithSpec(spec), null));

    [Fact]
    public void ValidObject_HasNoErrors()
    {
        var result = Schema.Admit(TenantWithSpec("""{"namespaces": ["a", "b"], "ingress": [{"name": "web", "ports": [{"port": 80, "endPort": 90}]}]}"""), null);
        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("""{"namespaces": ["a"], "mode": "Foo"}""", "spec.mode: Unsupported value: \"Foo\": supported values: \"Enforce\", \"DryRun\"")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"ports": [{"port": 1}]}]}""", "spec.ingress[0].name: Required value")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"name": "Bad_Name"}]}""", "spec.ingress[0].name: Invalid value: \"Bad_Name\": spec.ingress[0].name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"name": "abcdefghijklmnopqrstuvwxyz"}]}""", "spec.ingress[0].name: Too long: may not be more than 20 bytes")]
    [InlineData("""{"namespaces": ["a", "b", "c", "d"]}""", "spec.namespaces: Too many: 4: must have at most 3 items")]
    [InlineData("""{"namespaces": ["a"], "exemptNamespaces": [{"name": "x", "reason": ""}]}""", "spec.exemptNamespaces[0].reason: Invalid value: \"\": spec.exemptNamespaces[0].reason in body should be at least 1 chars long")]
    [InlineData("""{"namespaces": ["a"], "allowIntraTenant": "yes"}""", "spec.allowIntraTenant: Invalid value: \"string\": spec.allowIntraTenant in body must be of type boolean: \"string\"")]
    [InlineData("""{"namespaces": "a"}""", "spec.namespaces: Invalid value: \"string\": spec.namespaces in body must be of type array: \"string\"")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": 80, "endPort": 70000}]}]}""", "spec.ingress[0].ports[0].endPort: Invalid value: 70000: spec.ingress[0].ports[0].endPort in body should be less than or equal to 65535")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": 1, "endPort": 0}]}]}""", "spec.ingress[0].ports[0].endPort: Invalid value: 0: spec.ingress[0].ports[0].endPort in body should be greater than or equal to 1")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": true}]}]}""", "spec.ingress[0].ports[0].port: Invalid value: \"boolean\": spec.ingress[0].ports[0].port in body must be of type integer,string: \"boolean\"")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": []}]}""", "spec.ingress[0].ports: Invalid value: 0: spec.ingress[0].ports in body should have at least 1 items")]
    [InlineData("""{"namespaces": ["a"], "created": "yesterday"}""", "spec.created: Invalid value: \"yesterday\": spec.created in body must be of type date-time: \"yesterday\"")]
    [InlineData("""{"namespaces": ["a"], "weight": 0.7}""", "spec.weight: Invalid value: 0.7: spec.weight in body should be a multiple of 0.5")]
    [InlineData("""{"namespaces": ["a"], "weight": 0}""", "spec.weight: Invalid value: 0: spec.weight in body should be greater than 0")]
    [InlineData("""{"namespaces": ["a"], "replicas": 3}""", "spec.replicas: Invalid value: 3: spec.replicas in body should be a multiple of 2")]
    [InlineData("""{"namespaces": ["a"], "replicas": 12}""", "spec.replicas: Invalid value: 12: spec.replicas in body should be less than or equal to 10")]
    [InlineData("""{"namespaces": ["a"], "replicas": 2.5}""", "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"")]
    [InlineData("""{"namespaces": ["a"], "labels": {}}""", "spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties")]
    [InlineData("""{"namespaces": ["a"], "labels": {"a": "1", "b": "2", "c": "3"}}""", "spec.labels: Too many: 3: must have at most 2 items")]
    [InlineData("""{"namespaces": ["a"], "labels": {"app": "toolong"}}""", "spec.labels.app: Too long: may not be more than 5 bytes")]
    [InlineData("""{"namespaces": ["a", "b", "a"]}""", "spec.namespaces[2]: Duplicate value: \"a\"")]
    [InlineData("""{"namespaces": ["a"], "ingress": [{"name": "x"}, {"name": "x"}]}""", "spec.ingress[1]: Duplicate value: map[string]interface {}{\"name\":\"x\"}")]
    [InlineData("""{"namespaces": [null]}""", "spec.namespaces[0]: Invalid value: \"null\": spec.namespaces[0] in body must be of type string: \"null\"")]
    public void ReportsTheFieldErrorKubernetesReports(string spec, string expected)
    {
        Assert.Contains(expected, Admit(spec));
    }

    [Fact]
    public void NullForAFieldWithADefault_TakesTheDefault_InsteadOfFailing()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"], "mode": null}""");
        Assert.Empty(Schema.Admit(obj, null).Errors);
        Assert.Equal("Enforce", obj["spec"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public void IntegerWrittenAsWholeFloat_IsAnInteger()
    {
        Assert.Empty(Admit("""{"namespaces": ["a"], "replicas": 4.0}"""));
    }

    [Fact]
    public void IntOrString_AcceptsBoth()
    {
        Assert.Empty(Admit("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": "http"}, {"port": 8080}]}]}"""));
    }

    [Fact]
    public void CelRule_OnSpec_ReportsItsMessageWithTheSchemaType()
    {
        Assert.Equal(["spec: Invalid value: \"object\": at least one of namespaceSelector or namespaces is required"], Admit("{}"));
    }

    [Fact]
    public void CelRule_OnListItems_ReportsAtTheItem()
    {
        Assert.Equal(
            ["spec.ingress[0].ports[1]: Invalid value: \"object\": endPort requires a numeric port that is not above it"],
            Admit("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": 80, "endPort": 90}, {"port": "http", "endPort": 90}]}]}"""));
    }

    [Fact]
    public void BlockingErrors_SkipCelRules_AndSaySo()
    {
        Assert.Equal(
        [
            "spec.mode: Unsupported value: \"Bad\": supported values: \"Enforce\", \"DryRun\"",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
        ], Admit("""{"mode": "Bad"}"""));
    }

    [Fact]
    public void Errors_CarryKubernetesCauseTypes()
    {
        var result = Schema.Admit(TenantWithSpec("""{"namespaces": ["a", "a"], "mode": "X", "ingress": [{"name": "Bad_"}, {}]}"""), null);
        var reasons = result.Errors.Select(e => (e.Field, e.Reason)).ToList();
        Assert.Contains(("spec.mode", "FieldValueNotSupported"), reasons);
        Assert.Contains(("spec.ingress[0].name", "FieldValueInvalid"), reasons);
        Assert.Contains(("spec.ingress[1].name", "FieldValueRequired"), reasons);
        Assert.Contains(("spec.namespaces[1]", "FieldValueDuplicate"), reasons);
    }

    [Fact]
    public void MetadataName_MustBeADnsSubdomain()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"]}""");
        obj["metadata"]!["name"] = "Bad_Name";
        Assert.Equal(
            ["metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            Messages(Schema.Admit(obj, null)));
    }

    [Fact]
    public void MetadataName_IsRequired()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"]}""");
        obj["metadata"] = new JsonObject();
        Assert.Equal(
        [
            "metadata.name: Required value: name or generateName is required",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
        ], Messages(Schema.Admit(obj, null)));
    }

    [Fact]
    public void MetadataName_TooLong()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"]}""");
        obj["metadata"]!["name"] = new string('a', 254);
        Assert.Contains("must be no more than 253 characters", Messages(Schema.Admit(obj, null))[0]);
    }
}
