using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using static TenantOperator.LocalApiServer.Tests.Schema.TestSchemas;

namespace TenantOperator.LocalApiServer.Tests.Schema.Cel;

/// <summary>
/// What the API server itself checks of a TenantIsolation with the CRD we ship, now that the CRD keeps only cheap
/// CEL rules: the name by its schema, a port name by its length only (its characters are the operator's
/// validation's to check, see TenantIsolationValidatorTests).
/// </summary>
public sealed class RepositoryCrdAdmissionTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Compile(
        RepositoryCrdCostTests.RepositoryCrd()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject(), out _);

    private static JsonObject Tenant(string name, string spec) => JsonNode.Parse(
        "{\"apiVersion\": \"isolation.tenantoperator.io/v1alpha1\", \"kind\": \"TenantIsolation\", \"metadata\": {\"name\": \"" + name + "\"}, \"spec\": " + spec + "}")!.AsObject();

    [Fact]
    public void TheName_IsCheckedByTheSchemasPatternAndLength()
    {
        Assert.Equal(
            ["metadata.name: Invalid value: \"team.a\": metadata.name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"],
            Messages(Schema.Admit(Tenant("team.a", """{"namespaces": ["a"]}"""), null)));
        Assert.Contains("metadata.name: Too long: may not be more than 63 bytes",
            Messages(Schema.Admit(Tenant(new string('a', 64), """{"namespaces": ["a"]}"""), null)));
    }

    [Fact]
    public void PortNames_AreCheckedForLengthOnly()
    {
        const string Ports = """{"namespaces": ["a"], "ingress": [{"name": "r", "ports": [{"port": "Http_Port"}, {"port": "web-server-port-x"}, {"port": 0}]}]}""";
        Assert.Equal(
        [
            "spec.ingress[0].ports[1].port: Invalid value: \"object\": must be a port number between 1 and 65535 or a port name of 1 to 15 characters",
            "spec.ingress[0].ports[2].port: Invalid value: \"object\": must be a port number between 1 and 65535 or a port name of 1 to 15 characters",
        ], Messages(Schema.Admit(Tenant("team-a", Ports), null)));
    }
}
