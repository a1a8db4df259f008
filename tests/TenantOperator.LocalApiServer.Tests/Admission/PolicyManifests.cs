namespace TenantOperator.LocalApiServer.Tests.Admission;

/// <summary>ValidatingAdmissionPolicies and bindings for the admission tests, as JSON.</summary>
internal static class PolicyManifests
{
    public const string PoliciesPath = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies";
    public const string BindingsPath = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings";

    /// <summary>ConfigMaps, on every operation unless told otherwise.</summary>
    public static string ConfigMapRules(string operations = "\"CREATE\",\"UPDATE\",\"DELETE\"") =>
        $$"""[{"apiGroups":[""],"apiVersions":["v1"],"resources":["configmaps"],"operations":[{{operations}}]}]""";

    public static string Policy(string name, string validations, string rules = "", string extraSpec = "") =>
        $$$"""
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"{{{name}}}"},
         "spec":{"matchConstraints":{"resourceRules":{{{(rules.Length > 0 ? rules : ConfigMapRules())}}}},"validations":{{{validations}}}{{{extraSpec}}}}}
        """;

    public static string Binding(string name, string policy, string actions = "\"Deny\"", string extraSpec = "") =>
        $$$"""
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"{{{name}}}"},
         "spec":{"policyName":"{{{policy}}}","validationActions":[{{{actions}}}]{{{extraSpec}}}}}
        """;
}
