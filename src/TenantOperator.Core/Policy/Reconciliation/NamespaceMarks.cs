using TenantOperator.Api;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// The operator's marks on a namespace: the tenant it is a member of (<see cref="WellKnown.TenantLabel"/>) and whether
/// that tenant's policies are in place there (<see cref="WellKnown.IsolatedLabel"/> = <c>true</c>). The shipped
/// guardrails read them: the pod gate admits pods once a gated tenant's member is isolated, and the open-policy warning
/// fires only in member namespaces.
/// </summary>
public sealed record NamespaceMarks(string? Tenant, bool Isolated)
{
    /// <summary>No marks.</summary>
    public static NamespaceMarks None { get; } = new(null, false);

    /// <summary>The marks a namespace's labels carry.</summary>
    public static NamespaceMarks Of(IDictionary<string, string>? labels) =>
        labels is null
            ? None
            : new NamespaceMarks(
                labels.TryGetValue(WellKnown.TenantLabel, out var tenant) ? tenant : null,
                labels.TryGetValue(WellKnown.IsolatedLabel, out var isolated) && isolated == "true");

    /// <summary>The label values a JSON merge patch sets to reach these marks; null removes a label.</summary>
    public IReadOnlyDictionary<string, string?> AsLabelPatch() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [WellKnown.TenantLabel] = Tenant,
        [WellKnown.IsolatedLabel] = Isolated ? "true" : null,
    };
}

/// <summary>A namespace as the caches hold it: its name, resourceVersion (the write's precondition) and current marks.</summary>
public sealed record MarkedNamespace(string Name, string ResourceVersion, NamespaceMarks Marks);

/// <summary>One namespace whose marks must change, guarded by the resourceVersion they were read at.</summary>
public sealed record NamespaceMarkChange(string Namespace, string ResourceVersion, NamespaceMarks Marks);
