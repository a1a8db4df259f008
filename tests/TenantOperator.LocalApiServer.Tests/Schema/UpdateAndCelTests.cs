using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class UpdateAndCelTests
{
    private static readonly StructuralSchema Schema = Compile(Tenant);

    [Fact]
    public void TransitionRule_RunsOnlyOnUpdate()
    {
        Assert.Empty(Schema.Admit(TenantWithSpec("""{"namespaces": ["a"], "owner": "alice"}"""), null).Errors);
        var old = TenantWithSpec("""{"namespaces": ["a"], "owner": "alice"}""");
        var changed = TenantWithSpec("""{"namespaces": ["a"], "owner": "bob"}""");
        Assert.Equal(["spec.owner: Invalid value: \"string\": owner is immutable"], Messages(Schema.Admit(changed, old)));
        var same = TenantWithSpec("""{"namespaces": ["b"], "owner": "alice"}""");
        Assert.Empty(Schema.Admit(same, old).Errors);
    }

    [Fact]
    public void Ratcheting_LetsAnUnchangedInvalidValueStay()
    {
        // Stored before the schema was tightened: "Legacy" is no longer allowed, but it is not being changed.
        var old = TenantWithSpec("""{"namespaces": ["a"], "mode": "Legacy"}""");
        var update = TenantWithSpec("""{"namespaces": ["a", "b"], "mode": "Legacy"}""");
        Assert.Empty(Schema.Admit(update, old).Errors);
        var changed = TenantWithSpec("""{"namespaces": ["a"], "mode": "Other"}""");
        Assert.Equal(["spec.mode: Unsupported value: \"Other\": supported values: \"Enforce\", \"DryRun\"",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"],
            Messages(Schema.Admit(changed, old)));
    }

    [Fact]
    public void Ratcheting_CorrelatesMapListItemsByKey()
    {
        var old = TenantWithSpec("""{"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": 1, "endPort": 70000}]}]}""");
        var update = TenantWithSpec("""{"namespaces": ["a"], "ingress": [{"name": "y"}, {"name": "x", "ports": [{"port": 1, "endPort": 70000}]}]}""");
        Assert.Empty(Schema.Admit(update, old).Errors);
    }

    [Fact]
    public void ListTypes_AreOnlyEnforcedOnUpdate_WhenTheOldObjectSatisfiedThem()
    {
        var old = TenantWithSpec("""{"namespaces": ["a", "a"]}""");
        var update = TenantWithSpec("""{"namespaces": ["a", "a"], "mode": "DryRun"}""");
        Assert.Empty(Schema.Admit(update, old).Errors);
    }

    private static readonly StructuralSchema Rules = Compile("""
        {"type": "object", "properties": {"spec": {"type": "object",
          "x-kubernetes-validations": [
            {"rule": "self.minReplicas <= self.maxReplicas", "message": "minReplicas must not exceed maxReplicas", "fieldPath": ".minReplicas"},
            {"rule": "!has(self.secret) || self.secret.startsWith('s-')", "messageExpression": "'secret ' + self.secret + ' must start with s-'", "reason": "FieldValueForbidden"},
            {"rule": "size(self.names) == 0 || self.names.all(n, n.lowerAscii() == n)", "reason": "FieldValueRequired", "message": "names must be lower case"},
            {"rule": "self.names.exists_one(n, n == 'primary') || size(self.names) == 0"}
          ],
          "properties": {
            "minReplicas": {"type": "integer"}, "maxReplicas": {"type": "integer"}, "secret": {"type": "string", "maxLength": 64},
            "names": {"type": "array", "items": {"type": "string", "maxLength": 63}, "maxItems": 16, "default": []},
            "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 63}, "maxProperties": 16,
              "x-kubernetes-validations": [{"rule": "self.all(k, k.matches('^[a-z.]+$'))", "message": "label keys must be lower case"}]},
            "url": {"type": "string", "maxLength": 256, "x-kubernetes-validations": [{"rule": "self.split('://')[0] in ['http', 'https'] && self.indexOf('.') > 0 && self.substring(0, 4) == 'http'"}]},
            "ratio": {"type": "number", "x-kubernetes-validations": [{"rule": "self >= 0.5"}]},
            "window": {"type": "string", "format": "duration", "x-kubernetes-validations": [{"rule": "self <= duration('1h')", "message": "window must be at most an hour"}]},
            "cidr": {"type": "string", "x-kubernetes-validations": [{"rule": "isCIDR(self)"}]},
            "missing": {"type": "object", "properties": {"a": {"type": "string"}}, "x-kubernetes-validations": [{"rule": "self.a == 'x'"}]}
          }}}}
        """);

    private static string[] AdmitRules(string spec) => Messages(Rules.Admit(TenantWithSpec(spec), null));

    [Fact]
    public void FieldPath_MovesTheErrorToTheField()
    {
        Assert.Contains("spec.minReplicas: Invalid value: \"object\": minReplicas must not exceed maxReplicas", AdmitRules("""{"minReplicas": 5, "maxReplicas": 2}"""));
    }

    [Fact]
    public void MessageExpression_AndReasonForbidden()
    {
        Assert.Contains("spec: Forbidden: secret db must start with s-", AdmitRules("""{"minReplicas": 1, "maxReplicas": 2, "secret": "db"}"""));
    }

    [Fact]
    public void ReasonRequired_AndMacros_AndStringLibrary()
    {
        var errors = AdmitRules("""{"minReplicas": 1, "maxReplicas": 2, "names": ["Primary"]}""");
        Assert.Contains("spec: Required value: names must be lower case", errors);
        Assert.Contains("spec: Invalid value: \"object\": failed rule: self.names.exists_one(n, n == 'primary') || size(self.names) == 0", errors);
    }

    [Fact]
    public void RulesOnMaps_AndNumbers_AndStrings_AndDurations()
    {
        Assert.Empty(AdmitRules("""{"minReplicas": 1, "maxReplicas": 2, "labels": {"app.kubernetes.io": "x"}, "url": "https://example.com", "ratio": 1, "window": "30m"}"""));
        var errors = AdmitRules("""{"minReplicas": 1, "maxReplicas": 2, "labels": {"App": "x"}, "url": "ftp://example.com", "ratio": 0.25, "window": "2h"}""");
        Assert.Contains("spec.labels: Invalid value: \"object\": label keys must be lower case", errors);
        Assert.Contains("spec.url: Invalid value: \"string\": failed rule: self.split('://')[0] in ['http', 'https'] && self.indexOf('.') > 0 && self.substring(0, 4) == 'http'", errors);
        Assert.Contains("spec.ratio: Invalid value: \"number\": failed rule: self >= 0.5", errors);
        Assert.Contains("spec.window: Invalid value: \"string\": window must be at most an hour", errors);
    }

    [Fact]
    public void EvaluationError_NamesTheMissingKey()
    {
        Assert.Contains("spec.missing: Invalid value: \"object\": no such key: a evaluating rule: self.a == 'x'", AdmitRules("""{"minReplicas": 1, "maxReplicas": 2, "missing": {}}"""));
    }

    [Fact]
    public void RulesCallingUnavailableLibraries_AreAcceptedAndListed()
    {
        Assert.DoesNotContain(AdmitRules("""{"minReplicas": 1, "maxReplicas": 2, "cidr": "not-a-cidr"}"""), e => e.Contains("cidr", StringComparison.Ordinal));
        var listed = Assert.Single(Rules.NotEvaluatedRules);
        Assert.Equal("openAPIV3Schema.properties[spec].properties[cidr]: rule \"isCIDR(self)\" is not evaluated: the rule uses isCIDR(), which the local apiserver's CEL library does not provide", listed);
    }

    [Fact]
    public void RootRules_SeeTypeMetaAndName()
    {
        var schema = Compile("""
            {"type": "object", "x-kubernetes-validations": [{"rule": "self.metadata.name.startsWith('team-') && self.kind == 'TenantIsolation'", "message": "names start with team-"}],
             "properties": {"spec": {"type": "object"}}}
            """);
        Assert.Empty(schema.Admit(TenantWithSpec("{}"), null).Errors);
        var other = TenantWithSpec("{}");
        other["metadata"]!["name"] = "other";
        Assert.Equal(["<nil>: Invalid value: \"object\": names start with team-"], Messages(schema.Admit(other, null)));
    }

    [Fact]
    public void TenantIsolationRules_FromTheDesign()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"spec": {"type": "object",
              "x-kubernetes-validations": [{"rule": "has(self.namespaceSelector) || has(self.namespaces)", "message": "spec must set namespaceSelector or namespaces"}],
              "properties": {
                "namespaceSelector": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "namespaces": {"type": "array", "items": {"type": "string"}},
                "egress": {"type": "array", "items": {"type": "object", "properties": {"ports": {"type": "array", "items": {"type": "object",
                  "x-kubernetes-validations": [{"rule": "!has(self.endPort) || (has(self.port) && self.endPort >= self.port)", "message": "endPort must not be below port"}],
                  "properties": {"port": {"type": "integer"}, "endPort": {"type": "integer"}}}}}}}}}}}
            """);
        Assert.Empty(schema.Admit(TenantWithSpec("""{"namespaces": ["a"], "egress": [{"ports": [{"port": 80, "endPort": 90}, {"port": 1}]}]}"""), null).Errors);
        Assert.Equal(["spec: Invalid value: \"object\": spec must set namespaceSelector or namespaces"], Messages(schema.Admit(TenantWithSpec("{}"), null)));
        Assert.Equal(["spec.egress[0].ports[0]: Invalid value: \"object\": endPort must not be below port"],
            Messages(schema.Admit(TenantWithSpec("""{"namespaceSelector": {}, "egress": [{"ports": [{"endPort": 90}]}]}"""), null)));
    }
}
