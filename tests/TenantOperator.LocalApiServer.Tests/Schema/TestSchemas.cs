using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Tests.Schema;

/// <summary>Schemas and objects the schema tests share, written as the JSON a CRD author writes.</summary>
internal static class TestSchemas
{
    /// <summary>A TenantIsolation-like schema exercising most of what CRDs use.</summary>
    public const string Tenant = """
        {
          "type": "object",
          "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": {
              "type": "object",
              "x-kubernetes-validations": [
                {"rule": "has(self.namespaceSelector) || has(self.namespaces)", "message": "at least one of namespaceSelector or namespaces is required"}
              ],
              "properties": {
                "namespaceSelector": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "namespaces": {"type": "array", "maxItems": 3, "x-kubernetes-list-type": "set", "items": {"type": "string"}},
                "mode": {"type": "string", "enum": ["Enforce", "DryRun"], "default": "Enforce"},
                "allowIntraTenant": {"type": "boolean", "default": true},
                "owner": {"type": "string", "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "owner is immutable"}]},
                "created": {"type": "string", "format": "date-time"},
                "weight": {"type": "number", "multipleOf": 0.5, "minimum": 0, "exclusiveMinimum": true},
                "replicas": {"type": "integer", "multipleOf": 2, "maximum": 10},
                "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 5}, "maxProperties": 2, "minProperties": 1},
                "ingress": {
                  "type": "array",
                  "maxItems": 16,
                  "x-kubernetes-list-type": "map",
                  "x-kubernetes-list-map-keys": ["name"],
                  "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                      "name": {"type": "string", "maxLength": 20, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
                      "ports": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 8,
                        "items": {
                          "type": "object",
                          "x-kubernetes-validations": [
                            {"rule": "!has(self.endPort) || (has(self.port) && type(self.port) == int && self.endPort >= self.port)", "message": "endPort requires a numeric port that is not above it"}
                          ],
                          "properties": {
                            "port": {"x-kubernetes-int-or-string": true},
                            "endPort": {"type": "integer", "minimum": 1, "maximum": 65535},
                            "protocol": {"type": "string", "enum": ["TCP", "UDP", "SCTP"], "default": "TCP"}
                          }
                        }
                      }
                    }
                  }
                },
                "exemptNamespaces": {
                  "type": "array",
                  "items": {"type": "object", "properties": {"name": {"type": "string"}, "reason": {"type": "string", "minLength": 1}}}
                }
              }
            },
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
          }
        }
        """;

    public static StructuralSchema Compile(string schema)
    {
        var compiled = StructuralSchema.Compile(JsonNode.Parse(schema)!.AsObject(), out var errors);
        Assert.Empty(errors);
        return compiled;
    }

    public static IReadOnlyList<StatusCause> CompileErrors(string schema)
    {
        StructuralSchema.Compile(JsonNode.Parse(schema)!.AsObject(), out var errors);
        return errors;
    }

    /// <summary>A valid tenant with the given spec (JSON object text).</summary>
    public static JsonObject TenantWithSpec(string spec) => JsonNode.Parse($$"""
        {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "team-a"}, "spec": {{spec}}}
        """)!.AsObject();

    public static string[] Messages(SchemaAdmissionResult result) => [.. result.Errors.Select(e => e.ToString())];
}
