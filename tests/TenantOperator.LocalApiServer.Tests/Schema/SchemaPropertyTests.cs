using System.Text.Json.Nodes;
using CsCheck;
using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.LocalApiServer.Tests.Schema;

[Trait("Category", "Property")]
public sealed class SchemaPropertyTests
{
    private static readonly StructuralSchema Schema = Compile(Tenant);

    // Arbitrary JSON, a few levels deep, with keys the schema knows and keys it does not.
    private static readonly Gen<JsonNode?> Json = Gen.Recursive<JsonNode?>((depth, self) =>
    {
        var scalar = Gen.OneOf(
            Gen.Bool.Select(_ => (JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Long[-100_000, 100_000].Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Double[-1000, 1000].Select(d => (JsonNode?)JsonValue.Create(Math.Round(d, 2))),
            Gen.OneOfConst("a", "Enforce", "DryRun", "Bad_Name", "web", "", "2024-01-01T00:00:00Z").Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth >= 3)
        {
            return scalar;
        }
        var key = Gen.OneOfConst("mode", "namespaces", "ingress", "name", "ports", "port", "endPort", "labels", "x", "unknown", "protocol");
        var obj = Gen.Select(key, self).Array[0, 4].Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in pairs)
            {
                o[k] = v?.DeepClone();
            }
            return (JsonNode?)o;
        });
        var array = self.Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]));
        return Gen.OneOf(scalar, obj, array);
    });

    [Fact]
    public void Admit_NeverThrows_AndReportsOnlyKnownCauseTypes()
    {
        string[] known = ["FieldValueRequired", "FieldValueInvalid", "FieldValueTypeInvalid", "FieldValueNotSupported", "FieldValueDuplicate", "FieldValueForbidden", "FieldValueTooLong", "FieldValueTooMany", "InternalError"];
        PropertyRun.ForAll(Json, spec =>
        {
            var obj = TenantWithSpec("{}");
            obj["spec"] = spec?.DeepClone();
            var result = Schema.Admit(obj, null);
            Assert.All(result.Errors, e => Assert.Contains(e.Reason, known));
        }, iterations: 2000);
    }

    [Fact]
    public void Admit_IsIdempotent_ASecondPassPrunesAndDefaultsNothing()
    {
        PropertyRun.ForAll(Json, spec =>
        {
            var obj = TenantWithSpec("{}");
            obj["spec"] = spec?.DeepClone();
            Schema.Admit(obj, null);
            var once = obj.ToJsonString();
            var second = Schema.Admit(obj, null);
            Assert.Empty(second.UnknownFields);
            Assert.Equal(once, obj.ToJsonString());
        }, iterations: 1000);
    }

    [Fact]
    public void UpdateWithoutChanges_ReportsNoSchemaErrors_ThanksToRatcheting()
    {
        PropertyRun.ForAll(Json, spec =>
        {
            var obj = TenantWithSpec("{}");
            obj["spec"] = spec?.DeepClone();
            var old = obj.DeepClone().AsObject();
            var result = Schema.Admit(obj, old);
            // Only object-wide checks that Kubernetes never ratchets may remain: name rules, list types, CEL gating.
            Assert.All(result.Errors, e => Assert.DoesNotContain("in body", e.Message, StringComparison.Ordinal));
        }, iterations: 1000);
    }
}
