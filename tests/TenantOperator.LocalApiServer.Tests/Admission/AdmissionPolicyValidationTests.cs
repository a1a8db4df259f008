using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Admission.PolicyManifests;

namespace TenantOperator.LocalApiServer.Tests.Admission;

/// <summary>
/// ValidatingAdmissionPolicy and its binding as stored objects: served and discoverable, defaulted as
/// kube-apiserver defaults them, and refused with pkg/apis/admissionregistration/validation's errors.
/// </summary>
public sealed class AdmissionPolicyValidationTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task APolicy_IsStoredWithItsDefaults()
    {
        var created = await _h.CreateAsync(PoliciesPath, Policy("p", """[{"expression":"true"}]"""));

        Assert.Equal("Fail", (string?)created["spec"]!["failurePolicy"]);
        Assert.Equal(
            """{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"resources":["configmaps"],"operations":["CREATE","UPDATE","DELETE"],"scope":"*"}],"matchPolicy":"Equivalent","namespaceSelector":{},"objectSelector":{}}""",
            created["spec"]!["matchConstraints"]!.ToJsonString());
        Assert.Equal(1, (long?)created["metadata"]!["generation"]);
    }

    [Fact]
    public async Task BothKinds_AreDiscoverable()
    {
        var (code, body, _) = await _h.GetAsync("/apis/admissionregistration.k8s.io/v1");

        Assert.Equal(200, code);
        var names = body["resources"]!.AsArray().Select(r => (string?)r!["name"]).ToList();
        Assert.Contains("validatingadmissionpolicies", names);
        Assert.Contains("validatingadmissionpolicybindings", names);
    }

    [Fact]
    public async Task APolicyWithoutConstraintsOrValidations_IsInvalid()
    {
        var (code, body, _) = await _h.PostAsync(PoliciesPath, """{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"empty"},"spec":{"failurePolicy":"Sometimes"}}""");

        Assert.Equal(422, code);
        Assert.Equal(
            "ValidatingAdmissionPolicy.admissionregistration.k8s.io \"empty\" is invalid: [spec.failurePolicy: Unsupported value: \"Sometimes\": supported values: \"Fail\", \"Ignore\", spec.matchConstraints: Required value, spec.validations: Required value: validations or auditAnnotations must contain at least one item, spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item]",
            (string?)body["message"]);
    }

    [Fact]
    public async Task AnExpressionThatDoesNotCompile_NamesItsField()
    {
        var (code, body, _) = await _h.PostAsync(PoliciesPath, Policy("bad", """[{"expression":"object.metadata.name.nosuch()","message":"two\nlines","reason":"Teapot"},{"expression":"'text'"},{"expression":"params.x == 1"}]"""));

        Assert.Equal(422, code);
        var causes = body["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        AssertLines(
            [
                "spec.validations[0].expression: Invalid value: \"object.metadata.name.nosuch()\": compilation failed: ERROR: <input>:1:28: undeclared reference to 'nosuch' (in container '')\n | object.metadata.name.nosuch()\n | ...........................^",
                "spec.validations[0].message: Invalid value: \"two\\nlines\": message must not contain line breaks",
                "spec.validations[0].reason: Unsupported value: \"Teapot\": supported values: \"Forbidden\", \"Invalid\", \"RequestEntityTooLarge\", \"Unauthorized\"",
                "spec.validations[1].expression: Invalid value: \"'text'\": must evaluate to bool but got string",
                "spec.validations[2].expression: Invalid value: \"params.x == 1\": compilation failed: ERROR: <input>:1:1: undeclared reference to 'params' (in container '')\n | params.x == 1\n | ^",
            ],
            causes);
    }

    [Fact]
    public async Task ABinding_MayNotDenyAndWarn_AndNeedsAPolicyName()
    {
        var (code, body, _) = await _h.PostAsync(BindingsPath, """{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"b"},"spec":{"validationActions":["Deny","Warn","Deny"],"paramRef":{"name":"x"}}}""");

        Assert.Equal(422, code);
        Assert.Equal(
            "ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io \"b\" is invalid: [spec.policyName: Required value, spec.paramRef.parameterNotFoundAction: Required value, spec.validationActions[2]: Duplicate value: \"Deny\", spec.validationActions: Invalid value: []admissionregistration.ValidationAction{\"Deny\", \"Warn\", \"Deny\"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)]",
            (string?)body["message"]);
    }

    [Fact]
    public async Task ResourceRules_AreChecked()
    {
        var rules = """[{"apiGroups":["","*"],"apiVersions":[],"resources":["pods","*/*"],"operations":["*","CREATE","PATCH"],"scope":"Galaxy"}]""";

        var (code, body, _) = await _h.PostAsync(PoliciesPath, Policy("rules", """[{"expression":"true"}]""", rules));

        Assert.Equal(422, code);
        var fields = body["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        AssertLines(
            [
                "spec.matchConstraints.resourceRules[0].operations: Invalid value: []admissionregistration.OperationType{\"*\", \"CREATE\", \"PATCH\"}: if '*' is present, must not specify other operations",
                "spec.matchConstraints.resourceRules[0].operations[2]: Unsupported value: \"PATCH\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\"",
                "spec.matchConstraints.resourceRules[0].apiGroups: Invalid value: []string{\"\", \"*\"}: if '*' is present, must not specify other API groups",
                "spec.matchConstraints.resourceRules[0].apiVersions: Required value",
                "spec.matchConstraints.resourceRules[0].resources: Invalid value: []string{\"pods\", \"*/*\"}: if '*/*' is present, must not specify other resources",
                "spec.matchConstraints.resourceRules[0].scope: Unsupported value: \"Galaxy\": supported values: \"*\", \"Cluster\", \"Namespaced\"",
            ],
            fields);
    }

    private static void AssertLines(string[] expected, List<string> actual) =>
        Assert.Equal(string.Join("\n---\n", expected), string.Join("\n---\n", actual));
}
