using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

/// <summary>
/// Ratcheting lets an invalid value that was already stored stay, and needs each list item's old version to know it was
/// stored. As in kube-apiserver (apiserver/pkg/cel/common: <c>CorrelatedObject</c>, <c>MakeMapList</c>), only the items
/// of a map list have one, found by their map keys compared as Go values; a set's items have none.
/// </summary>
public sealed class ListCorrelationTests
{
    // Tightened after the objects were stored: tags and notes of at most 3 characters.
    private static readonly StructuralSchema Schema = Compile("""
        {"type": "object", "properties": {
          "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
          "spec": {"type": "object", "properties": {
            "mode": {"type": "string"},
            "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string", "maxLength": 3}},
            "rules": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name", "port"],
              "items": {"type": "object", "required": ["name", "port"], "properties": {
                "name": {"type": "string"}, "port": {"type": "integer"}, "note": {"type": "string", "maxLength": 3}}}},
            "limits": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["at"],
              "items": {"type": "object", "required": ["at"], "properties": {
                "at": {"type": "number"}, "note": {"type": "string", "maxLength": 3}}}}
          }}}}
        """);

    [Fact]
    public void ASetRatchetsOnlyAsAWhole_ItsItemsHaveNoOldVersion()
    {
        var old = Spec("""{"tags": ["legacy", "ok"]}""");
        Assert.Empty(Schema.Admit(Spec("""{"tags": ["legacy", "ok"], "mode": "changed"}"""), old).Errors);
        Assert.Equal(["spec.tags[2]: Too long: may not be more than 3 bytes"],
            Messages(Schema.Admit(Spec("""{"tags": ["new", "ok", "legacy"]}"""), old)));
    }

    [Fact]
    public void MapListItems_CorrelateByAllTheirKeys_WhereverTheyMove()
    {
        var old = Spec("""{"rules": [{"name": "a", "port": 1, "note": "legacy"}, {"name": "b", "port": 2, "note": "legacy"}]}""");
        Assert.Empty(Schema.Admit(Spec("""{"rules": [{"name": "b", "port": 2, "note": "legacy"}, {"name": "a", "port": 1, "note": "legacy"}]}"""), old).Errors);
        Assert.Equal(["spec.rules[0].note: Too long: may not be more than 3 bytes"],
            Messages(Schema.Admit(Spec("""{"rules": [{"name": "a", "port": 2, "note": "legacy"}]}"""), old)));
    }

    [Fact]
    public void ASingleMapKey_ComparesAsAGoValue_IntegersApartFromFloats_ZeroWithMinusZero()
    {
        var old = Spec("""{"limits": [{"at": 1, "note": "legacy"}, {"at": 2.5, "note": "legacy"}, {"at": -0.0, "note": "legacy"}]}""");
        Assert.Empty(Schema.Admit(Spec("""{"limits": [{"at": 0.0, "note": "legacy"}, {"at": 2.5, "note": "legacy"}, {"at": 1, "note": "legacy"}]}"""), old).Errors);
        Assert.Equal(["spec.limits[0].note: Too long: may not be more than 3 bytes"],
            Messages(Schema.Admit(Spec("""{"limits": [{"at": 1.0, "note": "legacy"}]}"""), old)));
    }

    private static JsonObject Spec(string spec) => TenantWithSpec(spec);
}
