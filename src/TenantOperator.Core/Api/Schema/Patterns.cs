namespace TenantOperator.Api.Schema;

/// <summary>Regular expressions shared by the CRD schema and the validator, in the syntax both .NET and RE2 accept.</summary>
public static class Patterns
{
    /// <summary>An RFC 1123 DNS label: lower-case alphanumerics and '-', starting and ending alphanumeric (length checked apart).</summary>
    public const string DnsLabel = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>A metav1.Condition type: an optional DNS-subdomain prefix and a name.</summary>
    public const string ConditionType = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

    /// <summary>A metav1.Condition reason: CamelCase words, as Kubernetes requires.</summary>
    public const string ConditionReason = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
}
