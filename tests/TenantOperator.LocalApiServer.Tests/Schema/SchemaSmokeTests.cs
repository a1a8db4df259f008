using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class SchemaSmokeTests
{
    [Fact]
    public void CompilesAndAdmits_ASimpleSchema()
    {
        var schema = StructuralSchema.Compile(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","required":["mode"],"properties":{"mode":{"type":"string","enum":["Enforce","DryRun"]}},
             "x-kubernetes-validations":[{"rule":"self.mode != 'DryRun' || true"}]}}}
            """)!.AsObject(), out var errors);
        Assert.Empty(errors);
        var obj = JsonNode.Parse("""{"apiVersion":"x/v1","kind":"X","metadata":{"name":"a"},"spec":{"mode":"Foo","extra":1}}""")!.AsObject();
        var result = schema.Admit(obj, null);
        Assert.Equal(["spec.extra"], result.UnknownFields);
        Assert.Equal("spec.mode: Unsupported value: \"Foo\": supported values: \"Enforce\", \"DryRun\"", result.Errors[0].ToString());
    }
}
