namespace TenantOperator.Api;

/// <summary>Label, annotation and policy names the operator writes and reads.</summary>
public static class WellKnown
{
    /// <summary>The label every generated object carries, and without which the operator touches nothing.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedByLabel"/>.</summary>
    public const string ManagedByValue = "tenant-operator";

    /// <summary>
    /// The label naming the tenant a generated policy belongs to; on a namespace, the operator's mark of the tenant it
    /// is a member of (only the operator may set it: config/guardrails/protect-tenant-labels.yaml).
    /// </summary>
    public const string TenantLabel = "isolation.tenantoperator.io/tenant";

    /// <summary>
    /// The operator's mark on a member namespace, <c>true</c> once the tenant named by <see cref="TenantLabel"/> has its
    /// policies in place there: the pod gate (config/guardrails/gate-pods.yaml) admits pods from then on.
    /// </summary>
    public const string IsolatedLabel = "isolation.tenantoperator.io/isolated";

    /// <summary>The annotation holding the hash of a generated policy's labels and spec.</summary>
    public const string ContentHashAnnotation = "isolation.tenantoperator.io/content-hash";

    /// <summary>The immutable label the API server puts on every namespace: its name.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>The prefix of every generated policy's name.</summary>
    public const string PolicyPrefix = "tenant-isolation-";

    /// <summary>The default-deny policy's name.</summary>
    public const string DefaultDenyPolicy = PolicyPrefix + "default-deny";

    /// <summary>The intra-tenant policy's name.</summary>
    public const string IntraTenantPolicy = PolicyPrefix + "intra-tenant";

    /// <summary>The DNS policy's name.</summary>
    public const string DnsPolicy = PolicyPrefix + "dns";

    /// <summary>The name of the policy generated for an ingress rule.</summary>
    public static string IngressPolicy(string rule) => PolicyPrefix + "ingress-" + rule;

    /// <summary>The name of the policy generated for an egress rule.</summary>
    public static string EgressPolicy(string rule) => PolicyPrefix + "egress-" + rule;

    /// <summary>The namespaces that are never isolated unless the operator is told otherwise.</summary>
    public static IReadOnlyList<string> DefaultProtectedNamespaces { get; } = ["kube-node-lease", "kube-public", "kube-system"];
}
