using TenantOperator.ApiMachinery;

namespace TenantOperator.Api.Schema;

/// <summary>Regular expressions shared by the CRD schema and the validator, in the syntax both .NET and RE2 accept.</summary>
public static class Patterns
{
    /// <summary>An RFC 1123 DNS label: lower-case alphanumerics and '-', starting and ending alphanumeric (length checked apart).</summary>
    public const string DnsLabel = "^" + KubernetesNames.Dns1123LabelFormat + "$";

    /// <summary>A metav1.Condition type: an optional DNS-subdomain prefix and a name.</summary>
    public const string ConditionType = "^(" + KubernetesNames.Dns1123SubdomainFormat + "/)?(" + KubernetesNames.QualifiedNameFormat + ")$";

    /// <summary>A metav1.Condition reason: CamelCase words, as Kubernetes requires.</summary>
    public const string ConditionReason = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
}
