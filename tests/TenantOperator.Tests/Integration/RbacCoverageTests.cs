using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.Tests.Integration;

/// <summary>Runs after every parallel collection, so after every operator integration test of this project.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RbacCoverageCollection
{
    public const string Name = "RBAC coverage (after the integration suite)";
}

/// <summary>
/// config/rbac against what the operator did in the integration suite (every <see cref="OperatorTestCluster"/> runs
/// it as its ServiceAccount and reports to <see cref="OperatorRbacUsage"/>): no request of the operator may have been
/// forbidden, and every rule granted to it must have allowed some request, or say in a comment starting with
/// <c>unused:</c> why it stays. Run the whole project: with a filter that skips the integration tests there is
/// nothing to check, and these fail saying so.
/// </summary>
[Collection(RbacCoverageCollection.Name)]
public sealed partial class RbacCoverageTests
{
    [Fact]
    public void TheIntegrationSuite_MadeNoForbiddenRequestAsTheOperator()
    {
        RequireIntegrationSuite();
        Assert.True(OperatorRbacUsage.Denials.Count == 0,
            "Forbidden requests of the operator:\n" + string.Join("\n", OperatorRbacUsage.Denials.Select(d => $"{d.Verb} {d.Resource} {d.Namespace}/{d.Name}: {d.Message}")));
    }

    [Fact]
    public void EveryRuleGrantedToTheOperator_WasUsedOrSaysWhyNot()
    {
        RequireIntegrationSuite();
        var uses = OperatorRbacUsage.RuleUses;
        var unused = new List<string>();
        foreach (var role in RolesBoundToTheOperator())
        {
            for (var i = 0; i < role.Rules.Count; i++)
            {
                var rule = role.Rules[i];
                var missing = Tuples(rule).Where(t => !uses.Any(u => Uses(u, role, i, t))).Select(t => $"{t.Verb} {Qualified(t.Group, t.Resource)}").ToList();
                if (missing.Count > 0 && !role.JustifiedRules.Contains(i))
                {
                    unused.Add($"{role.File}: {role.Kind} {role.Name} rule {i}: never used: {string.Join(", ", missing)}");
                }
            }
        }

        Assert.True(unused.Count == 0, "Rules of config/rbac no request of the operator used (remove them, or say why they stay in an \"# unused: ...\" comment above the rule):\n" + string.Join("\n", unused));
    }

    [Fact]
    public void TheCommentParser_FindsJustificationsAboveTheirRule()
    {
        const string yaml = """
            rules:
            # The cache.
            - apiGroups: [""]
              resources: [namespaces]
              verbs: [list]
            # unused: kept for kubectl users.
            - apiGroups: [""]
              resources: [pods]
              verbs:
              - get
            """;
        Assert.Equal([1], JustifiedRuleIndexes(yaml));
    }

    private static void RequireIntegrationSuite() =>
        Assert.True(OperatorRbacUsage.Clusters > 0, "No operator integration test ran in this test run: run the whole TenantOperator.Tests project (these tests read what the integration tests recorded).");

    private static bool Uses(RuleUse use, BoundRole role, int ruleIndex, (string Group, string Resource, string Verb) tuple) =>
        use.RoleKind == role.Kind && use.RoleName == role.Name && use.RoleNamespace == role.Namespace && use.RuleIndex == ruleIndex &&
        Matches(tuple.Verb, use.Verb) && Matches(tuple.Group, use.ApiGroup) && Matches(tuple.Resource, use.Resource);

    private static bool Matches(string granted, string asked) => granted == "*" || granted == asked;

    private static IEnumerable<(string Group, string Resource, string Verb)> Tuples(V1PolicyRule rule) =>
        from g in rule.ApiGroups ?? [] from r in rule.Resources ?? [] from v in rule.Verbs select (g, r, v);

    private static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    // The roles config/rbac binds to its ServiceAccount, read from the repository's files.
    private static List<BoundRole> RolesBoundToTheOperator()
    {
        var files = Directory.GetFiles(RepositoryPaths.Of("config", "rbac"), "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)).ToList();
        var objects = files.SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f)).Select(o => (File: f, Object: o))).ToList();
        var account = objects.Select(o => o.Object).OfType<V1ServiceAccount>().Single();
        bool NamesTheOperator(IList<Rbacv1Subject>? subjects, string bindingNamespace) => subjects?.Any(s => s.Kind == "ServiceAccount" && s.Name == account.Metadata.Name &&
            (s.NamespaceProperty ?? bindingNamespace) == account.Metadata.NamespaceProperty) == true;
        var roleRefs = objects.Select(o => o.Object).SelectMany(o => o switch
        {
            V1ClusterRoleBinding b when NamesTheOperator(b.Subjects, string.Empty) => [(b.RoleRef.Kind, b.RoleRef.Name, string.Empty)],
            V1RoleBinding b when NamesTheOperator(b.Subjects, b.Metadata.NamespaceProperty) =>
                [(b.RoleRef.Kind, b.RoleRef.Name, b.RoleRef.Kind == "Role" ? b.Metadata.NamespaceProperty : string.Empty)],
            _ => Array.Empty<(string, string, string)>(),
        }).ToHashSet();
        var roles = new List<BoundRole>();
        foreach (var (file, obj) in objects)
        {
            var (kind, name, ns, rules) = obj switch
            {
                V1ClusterRole r => ("ClusterRole", r.Metadata.Name, string.Empty, r.Rules),
                V1Role r => ("Role", r.Metadata.Name, r.Metadata.NamespaceProperty, r.Rules),
                _ => (string.Empty, string.Empty, string.Empty, null),
            };
            if (rules is not null && roleRefs.Contains((kind, name, ns)))
            {
                roles.Add(new BoundRole($"config/rbac/{Path.GetFileName(file)}", kind, name, ns, [.. rules], JustifiedRuleIndexes(File.ReadAllText(file))));
            }
        }

        Assert.NotEmpty(roles);
        return roles;
    }

    // A rule is justified by a comment line starting with "unused:" among the comment lines directly above it.
    private static HashSet<int> JustifiedRuleIndexes(string yaml)
    {
        var lines = yaml.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.TrimStart().StartsWith("rules:", StringComparison.Ordinal));
        var justified = new HashSet<int>();
        if (start < 0)
        {
            return justified;
        }

        var index = -1;
        int? itemIndent = null;
        for (var i = start + 1; i < lines.Count; i++)
        {
            // Rules are the list items at the indentation of the first one; deeper items belong to a rule.
            var match = RuleItem().Match(lines[i]);
            if (!match.Success || (itemIndent ??= match.Groups[1].Length) != match.Groups[1].Length)
            {
                continue;
            }

            index++;
            for (var j = i - 1; j > start && lines[j].TrimStart().StartsWith('#'); j--)
            {
                if (Unused().IsMatch(lines[j]))
                {
                    justified.Add(index);
                }
            }
        }

        return justified;
    }

    [GeneratedRegex(@"^(\s*)- ")]
    private static partial Regex RuleItem();

    [GeneratedRegex(@"^\s*#\s*unused:")]
    private static partial Regex Unused();

    private sealed record BoundRole(string File, string Kind, string Name, string Namespace, IReadOnlyList<V1PolicyRule> Rules, IReadOnlySet<int> JustifiedRules);
}
