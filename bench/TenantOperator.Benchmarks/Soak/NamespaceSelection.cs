using k8s.Models;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// Which namespaces a NetworkPolicy namespaceSelector picks, written here from the Kubernetes rules (matchLabels and
/// matchExpressions ANDed; In, NotIn, Exists, DoesNotExist; NotIn and DoesNotExist also match a missing key; every
/// namespace carries kubernetes.io/metadata.name), so that the soak's oracle does not lean on the operator's own
/// selector code.
/// </summary>
public static class NamespaceSelection
{
    /// <summary>The names of the namespaces in <paramref name="labels"/> (name → labels) that <paramref name="selector"/> picks.</summary>
    public static IReadOnlySet<string> Of(V1LabelSelector selector, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> labels) =>
        labels.Where(ns => Matches(selector, ns.Value)).Select(ns => ns.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="selector"/> picks a namespace with these labels.</summary>
    public static bool Matches(V1LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var present = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var matches = requirement.OperatorProperty switch
            {
                "In" => present && values.Contains(actual!),
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => throw new InvalidOperationException($"The soak's oracle knows no selector operator \"{requirement.OperatorProperty}\"."),
            };
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }
}
