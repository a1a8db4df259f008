namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>Objects as a user writes them, as JSON text for raw HTTP tests.</summary>
public static class Manifests
{
    public const string NetpolPath = "/apis/networking.k8s.io/v1/namespaces/{0}/networkpolicies";
    public const string TenantPath = "/apis/isolation.tenantoperator.io/v1alpha1/tenantisolations";

    public static string Namespace(string name, string? labels = null) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"" + (labels is null ? string.Empty : ",\"labels\":" + labels) + "}}";

    public static string NetworkPolicy(string name, string ns = "default", string labels = "{}", string extraMetadata = "") =>
        "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"labels\":" + labels + extraMetadata +
        "},\"spec\":{\"podSelector\":{},\"policyTypes\":[\"Ingress\"],\"ingress\":[{\"from\":[{\"podSelector\":{\"matchLabels\":{\"app\":\"a\"}}}]}]}}";

    public static string ConfigMap(string name, string ns = "default", string extraMetadata = "") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\"" + extraMetadata + "},\"data\":{\"k\":\"v\"}}";

    public static string Tenant(string name, string mode = "Enforce", string extraMetadata = "") =>
        "{\"apiVersion\":\"isolation.tenantoperator.io/v1alpha1\",\"kind\":\"TenantIsolation\",\"metadata\":{\"name\":\"" + name + "\"" + extraMetadata +
        "},\"spec\":{\"namespaces\":[\"team-a\"],\"mode\":\"" + mode + "\"}}";

    /// <summary>A namespaced CRD of kind Widget (example.com/v1) whose spec has the given schema (JSON text).</summary>
    public static string WidgetCrd(string specSchema) =>
        """{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.example.com"},""" +
        """ "spec": {"group": "example.com", "scope": "Namespaced", "names": {"plural": "widgets", "kind": "Widget"},""" +
        """ "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": """ +
        specSchema + "}}}}]}}";

    public static string NetpolIn(string ns) => NetpolPath.Replace("{0}", ns, StringComparison.Ordinal);

    /// <summary>The test CRD (the fixture file) as JSON.</summary>
    public static string TenantCrdJson()
    {
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tenantisolations-crd.yaml"));
        return YamlToJson.Convert(yaml)!.ToJsonString();
    }

    /// <summary>Registers the test CRD and waits until it is served.</summary>
    public static async Task InstallTenantCrdAsync(ApiServerHarness harness)
    {
        var (code, body, _) = await harness.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", TenantCrdJson());
        Assert.True(code == 201, body.ToJsonString());
        await Eventually.TrueAsync(async () => (await harness.GetAsync(TenantPath)).Code == 200, "the CRD's resource is served");
    }

    public static string OwnerRef(string kind, string name, string uid, bool block = false) =>
        $$""","ownerReferences":[{"apiVersion":"v1","kind":"{{kind}}","name":"{{name}}","uid":"{{uid}}","controller":true,"blockOwnerDeletion":{{(block ? "true" : "false")}}}]""";
}
