using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class CompileTests
{
    private static string[] Errors(string schema) => [.. CompileErrors(schema).Select(e => e.ToString())];

    [Fact]
    public void TenantSchema_IsStructural()
    {
        Assert.Empty(CompileErrors(Tenant));
    }

    [Theory]
    [InlineData("""{"type": "object", "properties": {"spec": {}}}""", "openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields")]
    [InlineData("""{"properties": {"spec": {"type": "object"}}}""", "openAPIV3Schema.type: Required value: must not be empty at the root")]
    [InlineData("""{"type": "string"}""", "openAPIV3Schema.type: Invalid value: \"string\": must be object at the root")]
    [InlineData("""{"type": "object", "properties": {"list": {"type": "array"}}}""", "openAPIV3Schema.properties[list].items: Required value: must be specified")]
    [InlineData("""{"type": "object", "properties": {"list": {"type": "array", "items": {}}}}""", "openAPIV3Schema.properties[list].items.type: Required value: must not be empty for specified array items")]
    [InlineData("""{"type": "object", "additionalProperties": {"type": "string"}}""", "openAPIV3Schema.additionalProperties: Forbidden: must not be used at the root")]
    [InlineData("""{"type": "object", "properties": {"metadata": {"type": "object", "properties": {"labels": {"type": "object"}}}}}""", "openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified")]
    [InlineData("""{"type": "object", "properties": {"s": {"type": "string", "allOf": [{"type": "string"}]}}}""", "openAPIV3Schema.properties[s].allOf[0].type: Forbidden: must be empty to be structural")]
    [InlineData("""{"type": "object", "properties": {"s": {"type": "object"}}, "anyOf": [{"properties": {"x": {}}}]}""", "openAPIV3Schema.properties[x]: Required value: because it is defined in openAPIV3Schema.anyOf[0].properties[x]")]
    [InlineData("""{"type": "object", "properties": {"s": {"type": "string", "pattern": "a(?=b)"}}}""", "openAPIV3Schema.properties[s].pattern: Invalid value: \"a(?=b)\": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    public void StructuralErrors(string schema, string expected)
    {
        Assert.Contains(expected, Errors(schema));
    }

    [Theory]
    [InlineData("""{"type": "object", "properties": {"l": {"type": "array", "uniqueItems": true, "items": {"type": "string"}}}}""", "openAPIV3Schema.properties[l].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic")]
    [InlineData("""{"type": "object", "properties": {"m": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}}}}""", "openAPIV3Schema.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive")]
    [InlineData("""{"type": "object", "properties": {"s": {"type": "strin"}}}""", "openAPIV3Schema.properties[s].type: Unsupported value: \"strin\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"")]
    [InlineData("""{"type": "object", "properties": {"s": {"$ref": "#/x", "type": "string"}}}""", "openAPIV3Schema.properties[s].$ref: Forbidden: $ref is not supported")]
    [InlineData("""{"type": "object", "properties": {"kind": {"type": "string", "default": "X"}}}""", "openAPIV3Schema.properties[kind].default: Forbidden: must not be set in top-level kind")]
    [InlineData("""{"type": "object", "properties": {"s": {"type": "string", "x-kubernetes-preserve-unknown-fields": false}}}""", "openAPIV3Schema.properties[s].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined")]
    [InlineData("""{"type": "object", "properties": {"l": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-map-keys": ["name"]}}}""", "openAPIV3Schema.properties[l].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty")]
    [InlineData("""{"type": "object", "properties": {"l": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "bag"}}}""", "openAPIV3Schema.properties[l].x-kubernetes-list-type: Unsupported value: \"bag\": supported values: \"atomic\", \"set\", \"map\"")]
    [InlineData("""{"type": "object", "properties": {"l": {"type": "array", "x-kubernetes-list-type": "map", "items": {"type": "object"}}}}""", "openAPIV3Schema.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map")]
    [InlineData("""{"type": "object", "properties": {"l": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "items": {"type": "object", "properties": {"name": {"type": "string"}}}}}}""", "openAPIV3Schema.properties[l].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property")]
    [InlineData("""{"type": "object", "properties": {"m": {"type": "object", "x-kubernetes-map-type": "weird"}}}""", "openAPIV3Schema.properties[m].x-kubernetes-map-type: Unsupported value: \"weird\": supported values: \"atomic\", \"granular\"")]
    [InlineData("""{"type": "object", "properties": {"s": {"type": "string", "x-kubernetes-validations": [{"rule": ""}]}}}""", "openAPIV3Schema.properties[s].x-kubernetes-validations[0].rule: Required value: rule is not specified")]
    [InlineData("""{"type": "object", "properties": {"s": {"type": "string", "x-kubernetes-validations": [{"rule": "true", "reason": "Nope"}]}}}""", "openAPIV3Schema.properties[s].x-kubernetes-validations[0].reason: Unsupported value: \"Nope\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"")]
    [InlineData("""{"type": "object", "properties": {"l": {"type": "array", "items": {"type": "string", "x-kubernetes-validations": [{"rule": "self == oldSelf"}]}}}}""", "openAPIV3Schema.properties[l].items.x-kubernetes-validations[0].rule: Invalid value: \"self == oldSelf\": oldSelf cannot be used on the uncorrelatable portion of the schema within openAPIV3Schema.properties[l]")]
    [InlineData("""{"type": "object", "properties": {"o": {"type": "object", "properties": {"a": {"type": "string"}}, "x-kubernetes-validations": [{"rule": "true", "fieldPath": ".b"}]}}}""", "openAPIV3Schema.properties[o].x-kubernetes-validations[0].fieldPath: Invalid value: \".b\": fieldPath must be a valid path")]
    [InlineData("""{"type": "object", "nullable": true}""", "openAPIV3Schema.nullable: Forbidden: nullable cannot be true at the root")]
    public void CrdSchemaErrors(string schema, string expected)
    {
        Assert.Contains(expected, Errors(schema));
    }

    [Theory]
    [InlineData("""{"type": "object", "properties": {"mode": {"type": "string", "enum": ["A", "B"], "default": "C"}}}""", "openAPIV3Schema.properties[mode].default: Unsupported value: \"C\": supported values: \"A\", \"B\"")]
    [InlineData("""{"type": "object", "properties": {"o": {"type": "object", "properties": {"a": {"type": "string"}}, "default": {"a": "x", "b": 1}}}}""", "openAPIV3Schema.properties[o].default: Invalid value: map[string]interface {}{\"a\":\"x\", \"b\":1}: must not have unknown fields")]
    [InlineData("""{"type": "object", "properties": {"n": {"type": "integer", "maximum": 5, "default": 7}}}""", "openAPIV3Schema.properties[n].default: Invalid value: 7:  in body should be less than or equal to 5")]
    public void InvalidDefaults(string schema, string expected)
    {
        Assert.Contains(expected, Errors(schema));
    }

    [Fact]
    public void CelSyntaxError_RejectsTheCrd()
    {
        var error = Assert.Single(CompileErrors("""{"type": "object", "properties": {"s": {"type": "string", "x-kubernetes-validations": [{"rule": "self >"}]}}}"""));
        Assert.Equal("openAPIV3Schema.properties[s].x-kubernetes-validations[0].rule", error.Field);
        Assert.Equal("FieldValueInvalid", error.Reason);
        Assert.StartsWith("Invalid value: apiextensions.ValidationRule{Rule:\"self >\", Message:\"\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(": compilation failed: ERROR: <input>:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldPathPrefix_IsConfigurable()
    {
        StructuralSchema.Compile(System.Text.Json.Nodes.JsonNode.Parse("""{"type": "object", "properties": {"spec": {}}}""")!.AsObject(),
            "spec.versions[0].schema.openAPIV3Schema", out var errors);
        Assert.Equal("spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields", Assert.Single(errors).ToString());
    }

    [Fact]
    public void IntOrStringPattern_InAnyOf_IsAllowed()
    {
        Assert.Empty(CompileErrors("""{"type": "object", "properties": {"p": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]}}}"""));
    }

    [Fact]
    public void EmbeddedResource_MustBeAnObjectWithProperties()
    {
        Assert.Contains("openAPIV3Schema.properties[t].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
            Errors("""{"type": "object", "properties": {"t": {"type": "object", "x-kubernetes-embedded-resource": true}}}"""));
    }
}
