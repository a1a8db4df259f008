namespace TenantOperator.Api;

/// <summary>
/// The defaults of the spec. They are applied in code by the operator and by <c>render</c>, never written by the CRD
/// schema, so that GitOps tools see no server-side change to what they wrote.
/// </summary>
public static class TenantDefaults
{
    /// <summary>The namespace of the cluster DNS pods.</summary>
    public const string DnsNamespace = "kube-system";

    /// <summary>The label of the cluster DNS pods.</summary>
    public const string DnsPodLabelKey = "k8s-app";

    /// <summary>The value of <see cref="DnsPodLabelKey"/> on the cluster DNS pods.</summary>
    public const string DnsPodLabelValue = "kube-dns";

    /// <summary>The DNS port, allowed over UDP and TCP.</summary>
    public const int DnsPort = 53;

    /// <summary>The mode in effect.</summary>
    public static string Mode(this TenantIsolationSpec spec) => spec.Mode ?? IsolationMode.Enforce;

    /// <summary>Whether member namespaces reach each other.</summary>
    public static bool AllowsIntraTenant(this TenantIsolationSpec spec) => spec.AllowIntraTenant ?? true;

    /// <summary>Whether DNS egress is allowed.</summary>
    public static bool AllowsDns(this TenantIsolationSpec spec) => spec.Dns?.Allow ?? true;

    /// <summary>The namespace of the DNS pods.</summary>
    public static string DnsNamespaceOrDefault(this TenantIsolationSpec spec) => spec.Dns?.Namespace ?? DnsNamespace;

    /// <summary>The selector of the DNS pods.</summary>
    public static LabelSelector DnsPodSelectorOrDefault(this TenantIsolationSpec spec) =>
        spec.Dns?.PodSelector ?? new LabelSelector { MatchLabels = new Dictionary<string, string> { [DnsPodLabelKey] = DnsPodLabelValue } };

    /// <summary>Extra DNS destinations by address.</summary>
    public static IReadOnlyList<string> DnsCidrsOrDefault(this TenantIsolationSpec spec) => spec.Dns?.Cidrs?.ToArray() ?? [];
}
