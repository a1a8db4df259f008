namespace TenantOperator.TestSupport;

/// <summary>A TenantIsolation manifest as a user writes it, for tests that read it as the operator or kubectl would.</summary>
public static class TenantYaml
{
    /// <summary>The manifest of tenant <paramref name="name"/> whose spec is <paramref name="spec"/> (YAML, unindented).</summary>
    public static string Of(string name, string spec) => $"""
        apiVersion: isolation.tenantoperator.io/v1alpha1
        kind: TenantIsolation
        metadata:
          name: {name}
        spec:
        {string.Join("\n", spec.Trim('\n').Split('\n').Select(line => "  " + line))}
        """;
}
