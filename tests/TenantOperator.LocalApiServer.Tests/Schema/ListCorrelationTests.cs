using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

/// <summary>
/// Ratcheting finds each list item's old version (a set's by equality, a map list's by its keys) and lets an invalid
/// value that was already stored stay; these pin which items correlate, now that the old items are looked up by key.
/// </summary>
public sealed class ListCorrelationTests
{
    // Tightened after the objects were stored: tags of at most 3 characters, limits of at most -1, notes of 3.
    private static readonly StructuralSchema Schema = Compile("""
        {"type": "object", "properties": {
          "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
          "spec": {"type": "object", "properties": {
            "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string", "maxLength": 3}},
            "limits": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "number", "maximum": -1}},
            "pairs": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "array", "x-kubernetes-list-type": "atomic", "items": {"type": "integer", "maximum": 10}}},
            "rules": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name", "port"],
              "items": {"type": "object", "required": ["name", "port"], "properties": {
                "name": {"type": "string"}, "port": {"type": "integer"}, "note": {"type": "string", "maxLength": 3}}}}
          }}}}
        """);

    [Fact]
    public void ASetItemStoredBefore_StaysWhereverItMoves_ANewOneIsChecked()
    {
        var old = Spec("""{"tags": ["legacy", "ok"]}""");
        Assert.Empty(Schema.Admit(Spec("""{"tags": ["new", "ok", "legacy"]}"""), old).Errors);
        Assert.Equal(["spec.tags[2]: Too long: may not be more than 3 bytes"],
            Messages(Schema.Admit(Spec("""{"tags": ["legacy", "ok", "legacy2"]}"""), old)));
    }

    [Fact]
    public void NumbersCorrelateByValue_IntegersApartFromFloats_AndZeroWithMinusZero()
    {
        var old = Spec("""{"limits": [12, 20.5, -0.0]}""");
        Assert.Empty(Schema.Admit(Spec("""{"limits": [20.5, 0.0, 12]}"""), old).Errors);
        Assert.Equal(["spec.limits[0]: Invalid value: 12: spec.limits[0] in body should be less than or equal to -1"],
            Messages(Schema.Admit(Spec("""{"limits": [12.0]}"""), old)));
    }

    [Fact]
    public void CompositeSetItems_CorrelateByTheirWholeValue()
    {
        var old = Spec("""{"pairs": [[1, 11], [2, 12]]}""");
        Assert.Empty(Schema.Admit(Spec("""{"pairs": [[2, 12], [1, 11]]}"""), old).Errors);
        Assert.Single(Schema.Admit(Spec("""{"pairs": [[1, 12]]}"""), old).Errors);
    }

    [Fact]
    public void MapListItems_CorrelateByAllTheirKeys()
    {
        var old = Spec("""{"rules": [{"name": "a", "port": 1, "note": "legacy"}, {"name": "b", "port": 2, "note": "legacy"}]}""");
        Assert.Empty(Schema.Admit(Spec("""{"rules": [{"name": "b", "port": 2, "note": "legacy"}, {"name": "a", "port": 1, "note": "legacy"}]}"""), old).Errors);
        Assert.Equal(["spec.rules[0].note: Too long: may not be more than 3 bytes"],
            Messages(Schema.Admit(Spec("""{"rules": [{"name": "a", "port": 2, "note": "legacy"}]}"""), old)));
    }

    private static JsonObject Spec(string spec) => TenantWithSpec(spec);
}
