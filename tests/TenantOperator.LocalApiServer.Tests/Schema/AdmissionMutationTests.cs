using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class AdmissionMutationTests
{
    private static readonly StructuralSchema Schema = Compile(Tenant);

    [Fact]
    public void UnknownFields_ArePruned_AndReportedInKubernetesNotation()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"], "zeta": 1, "alpha": {"x": 1}, "ingress": [{"name": "x", "bogus": true}]}""");
        obj["extra"] = "root";
        obj["metadata"]!["foo"] = "bar";
        var result = Schema.Admit(obj, null);
        Assert.Empty(result.Errors);
        Assert.Equal(["metadata.foo", "extra", "spec.alpha", "spec.ingress[0].bogus", "spec.zeta"], result.UnknownFields);
        Assert.False(obj.ContainsKey("extra"));
        Assert.False(obj["spec"]!.AsObject().ContainsKey("zeta"));
        Assert.False(obj["metadata"]!.AsObject().ContainsKey("foo"));
        Assert.False(obj["spec"]!["ingress"]![0]!.AsObject().ContainsKey("bogus"));
    }

    [Fact]
    public void PreserveUnknownFields_KeepsEverythingBelow()
    {
        var obj = TenantWithSpec("""{"namespaceSelector": {"matchLabels": {"tenant": "a"}, "whatever": [1, 2]}}""");
        obj["status"] = JsonNode.Parse("""{"conditions": [{"type": "Ready"}], "anything": {"deep": true}}""");
        var result = Schema.Admit(obj, null);
        Assert.Empty(result.Errors);
        Assert.Empty(result.UnknownFields);
        Assert.True(obj["status"]!["anything"]!["deep"]!.GetValue<bool>());
        Assert.Equal(2, obj["spec"]!["namespaceSelector"]!["whatever"]!.AsArray().Count);
    }

    [Fact]
    public void TypeMeta_AndObjectMeta_AreNotPrunedByTheSchema()
    {
        var schema = Compile("""{"type": "object", "properties": {"spec": {"type": "object"}}}""");
        var obj = JsonNode.Parse("""{"apiVersion": "a/v1", "kind": "A", "metadata": {"name": "x", "labels": {"a": "b"}, "annotations": {"c": "d"}, "finalizers": ["f"]}, "spec": {}}""")!.AsObject();
        var result = schema.Admit(obj, null);
        Assert.Empty(result.UnknownFields);
        Assert.Equal("b", obj["metadata"]!["labels"]!["a"]!.GetValue<string>());
        Assert.Equal("A", obj["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Defaults_AreApplied_ForAbsentFields_AndInsideListItems()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": 80}]}]}""");
        var result = Schema.Admit(obj, null);
        Assert.Empty(result.Errors);
        Assert.Equal("Enforce", obj["spec"]!["mode"]!.GetValue<string>());
        Assert.True(obj["spec"]!["allowIntraTenant"]!.GetValue<bool>());
        Assert.Equal("TCP", obj["spec"]!["ingress"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public void Defaults_DoNotOverrideGivenValues()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"], "mode": "DryRun", "allowIntraTenant": false}""");
        Schema.Admit(obj, null);
        Assert.Equal("DryRun", obj["spec"]!["mode"]!.GetValue<string>());
        Assert.False(obj["spec"]!["allowIntraTenant"]!.GetValue<bool>());
    }

    [Fact]
    public void NullForANonNullableFieldWithADefault_GetsTheDefault()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"], "allowIntraTenant": null}""");
        Assert.Empty(Schema.Admit(obj, null).Errors);
        Assert.True(obj["spec"]!["allowIntraTenant"]!.GetValue<bool>());
    }

    [Fact]
    public void NullForANonNullableFieldWithoutDefault_IsDropped()
    {
        var obj = TenantWithSpec("""{"namespaces": ["a"], "created": null}""");
        Assert.Empty(Schema.Admit(obj, null).Errors);
        Assert.False(obj["spec"]!.AsObject().ContainsKey("created"));
    }

    [Fact]
    public void NullableField_KeepsNull()
    {
        var schema = Compile("""{"type": "object", "properties": {"spec": {"type": "object", "properties": {"note": {"type": "string", "nullable": true}}}}}""");
        var obj = JsonNode.Parse("""{"apiVersion": "a/v1", "kind": "A", "metadata": {"name": "x"}, "spec": {"note": null}}""")!.AsObject();
        Assert.Empty(schema.Admit(obj, null).Errors);
        Assert.True(obj["spec"]!.AsObject().ContainsKey("note"));
    }

    [Fact]
    public void ApplyDefaults_OnRead_FillsNewDefaults()
    {
        var stored = TenantWithSpec("""{"namespaces": ["a"]}""");
        Schema.ApplyDefaults(stored);
        Assert.Equal("Enforce", stored["spec"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public void NestedDefaults_AreAppliedInsideADefaultedObject()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object", "default": {}, "properties": {
              "dns": {"type": "object", "default": {}, "properties": {"allow": {"type": "boolean", "default": true}, "namespace": {"type": "string", "default": "kube-system"}}}}}}}
            """);
        var obj = JsonNode.Parse("""{"apiVersion": "a/v1", "kind": "A", "metadata": {"name": "x"}}""")!.AsObject();
        Assert.Empty(schema.Admit(obj, null).Errors);
        Assert.Equal("""{"dns":{"allow":true,"namespace":"kube-system"}}""", obj["spec"]!.ToJsonString());
    }
}
