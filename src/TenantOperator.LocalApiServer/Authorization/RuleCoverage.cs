namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// Whether one set of rules covers another (k8s.io/component-helpers' policy comparator, used by RBAC's
/// escalation check): each rule to be granted is broken into single-verb, single-resource, single-name rules, and
/// each of those must be covered by one rule held. What is not covered is compacted for the error message as
/// kube-apiserver's CompactRules does (simple rules on one group and resource merge their verbs).
/// </summary>
internal static class RuleCoverage
{
    private const string All = "*";

    /// <summary>The rules of <paramref name="wanted"/> (broken down) that <paramref name="held"/> does not cover.</summary>
    public static List<PolicyRule> Uncovered(IReadOnlyList<PolicyRule> held, IEnumerable<PolicyRule> wanted) =>
        [.. wanted.SelectMany(Breakdown).Where(rule => !held.Any(owner => Covers(owner, rule)))];

    /// <summary>Equivalent rules with at most one verb, resource and name each.</summary>
    public static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Count == 0)
                    {
                        yield return new PolicyRule { ApiGroups = [group], Resources = [resource], Verbs = [verb] };
                        continue;
                    }

                    foreach (var name in rule.ResourceNames)
                    {
                        yield return new PolicyRule { ApiGroups = [group], Resources = [resource], Verbs = [verb], ResourceNames = [name] };
                    }
                }
            }
        }

        foreach (var url in rule.NonResourceUrls)
        {
            foreach (var verb in rule.Verbs)
            {
                yield return new PolicyRule { NonResourceUrls = [url], Verbs = [verb] };
            }
        }
    }

    /// <summary>Merges rules on one group and one resource that differ only by verb.</summary>
    public static List<PolicyRule> Compact(IEnumerable<PolicyRule> rules)
    {
        var compacted = new List<PolicyRule>();
        var simple = new Dictionary<(string Group, string Resource), PolicyRule>();
        foreach (var rule in rules)
        {
            if (rule.ResourceNames.Count == 0 && rule.NonResourceUrls.Count == 0 && rule.ApiGroups.Count == 1 && rule.Resources.Count == 1)
            {
                var key = (rule.ApiGroups[0], rule.Resources[0]);
                simple[key] = simple.TryGetValue(key, out var merged) ? merged with { Verbs = [.. merged.Verbs, .. rule.Verbs] } : rule;
            }
            else
            {
                compacted.Add(rule);
            }
        }

        compacted.AddRange(simple.Values);
        return compacted;
    }

    // ruleCovers: the owner rule must cover the broken-down rule in every dimension.
    private static bool Covers(PolicyRule owner, PolicyRule rule)
    {
        var verbs = owner.Verbs.Contains(All) || rule.Verbs.All(owner.Verbs.Contains);
        var groups = owner.ApiGroups.Contains(All) || rule.ApiGroups.All(owner.ApiGroups.Contains);
        var resources = ResourcesCovered(owner.Resources, rule.Resources);
        var urls = rule.NonResourceUrls.All(path => owner.NonResourceUrls.Any(o => o == path || (o.EndsWith('*') && path.StartsWith(o.TrimEnd('*'), StringComparison.Ordinal))));
        var names = owner.ResourceNames.Count == 0 || (rule.ResourceNames.Count > 0 && rule.ResourceNames.All(owner.ResourceNames.Contains));
        return verbs && groups && resources && urls && names;
    }

    private static bool ResourcesCovered(IReadOnlyList<string> owner, IReadOnlyList<string> wanted)
    {
        if (owner.Contains(All) || wanted.All(owner.Contains))
        {
            return true;
        }

        foreach (var path in wanted)
        {
            if (owner.Contains(path))
            {
                continue;
            }

            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !owner.Contains("*/" + path[(slash + 1)..]))
            {
                return false;
            }
        }

        return true;
    }
}
