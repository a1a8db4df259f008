using k8s.Models;
using TenantOperator.Policy;

namespace TenantOperator.Cli.Diff;

/// <summary>
/// The label sets of the probe pods <c>diff</c> puts in every namespace, since a GitOps repository holds no pods: one
/// with no labels, and one for each pod selector the policies of either revision use (a policy's
/// <c>spec.podSelector</c> and its peers' <c>podSelector</c>), labelled so that the selector matches it. A connection
/// that only some pods of a namespace get is therefore still seen.
/// </summary>
internal static class ProbeLabelSets
{
    /// <summary>The distinct label sets, the empty one first, the rest in a stable order.</summary>
    public static List<IReadOnlyDictionary<string, string>> From(IEnumerable<V1NetworkPolicy> policies)
    {
        var sets = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            [""] = new Dictionary<string, string>(),
        };
        foreach (var selector in policies.SelectMany(PodSelectors))
        {
            var labels = Satisfying(selector);
            sets.TryAdd(Describe(labels), labels);
        }

        return [.. sets.Values];
    }

    /// <summary>The labels written <c>a=1,b=2</c> in key order; empty for none.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static IEnumerable<V1LabelSelector> PodSelectors(V1NetworkPolicy policy)
    {
        if (policy.Spec?.PodSelector is { } target)
        {
            yield return target;
        }

        foreach (var peer in PolicyPeers.Of(policy))
        {
            if (peer.PodSelector is { } selector)
            {
                yield return selector;
            }
        }
    }

    /// <summary>
    /// Labels a selector matches: its matchLabels, and for each In requirement its first value, for each Exists an
    /// empty value. NotIn and DoesNotExist are met by leaving the key out, unless matchLabels sets it (then no pod
    /// matches the selector, and none needs to).
    /// </summary>
    private static Dictionary<string, string> Satisfying(V1LabelSelector selector)
    {
        var labels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            switch (requirement.OperatorProperty)
            {
                case "In" when requirement.Values is { Count: > 0 } values:
                    labels.TryAdd(requirement.Key, values.Order(StringComparer.Ordinal).First());
                    break;
                case "Exists":
                    labels.TryAdd(requirement.Key, "");
                    break;
            }
        }

        return labels;
    }
}
