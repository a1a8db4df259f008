using k8s;
using TenantOperator.Api;

namespace TenantOperator.Core.Tests;

/// <summary>Test objects written as the YAML a user writes.</summary>
internal static class Yaml
{
    public static TenantIsolation Tenant(string yaml) => KubernetesYaml.Deserialize<TenantIsolation>(yaml, strict: true);
}
