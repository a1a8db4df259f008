using System.Collections.ObjectModel;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>What the planner needs to know about a namespace.</summary>
/// <remarks>Labels are typed as metadata labels are, so selectors match them directly; the instance is read-only.</remarks>
public sealed record NamespaceInfo(string Name, IDictionary<string, string> Labels, DateTimeOffset? CreationTimestamp, bool Terminating)
{
    /// <summary>
    /// Reads a namespace; the immutable name label is added when absent, as the API server always sets it. When the
    /// namespace already carries it (as every namespace from an API server does), its labels are wrapped, not copied:
    /// the operator keeps a view of each of its 10,000 namespaces, so callers must not change them afterwards.
    /// </summary>
    public static NamespaceInfo From(V1Namespace ns)
    {
        var name = ns.Metadata?.Name ?? throw new ArgumentException("A namespace has no metadata.name.", nameof(ns));
        var labels = ns.Metadata.Labels is { } own && own.TryGetValue(WellKnown.NamespaceNameLabel, out var label) && label == name
            ? own
            : new Dictionary<string, string>(ns.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [WellKnown.NamespaceNameLabel] = name,
            };
        var terminating = ns.Metadata.DeletionTimestamp is not null || ns.Status?.Phase == "Terminating";
        DateTimeOffset? created = ns.Metadata.CreationTimestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
        return new NamespaceInfo(name, new ReadOnlyDictionary<string, string>(labels), created, terminating);
    }

    /// <summary>A namespace known only by name, as when <c>render</c> is given no Namespace manifests.</summary>
    public static NamespaceInfo Named(string name) =>
        new(name, new ReadOnlyDictionary<string, string>(new Dictionary<string, string> { [WellKnown.NamespaceNameLabel] = name }), null, false);
}
