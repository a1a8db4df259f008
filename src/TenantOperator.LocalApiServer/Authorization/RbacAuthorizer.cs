using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// Kubernetes' RBAC authorizer (plugin/pkg/auth/authorizer/rbac and pkg/registry/rbac/validation's rule
/// resolver): a request is allowed when some rule reaches its user through a ClusterRoleBinding, or through a
/// RoleBinding of the request's namespace; the first such rule is the reason. A denial has no reason unless a
/// binding refers to a role that does not exist, which RBAC reports (<c>RBAC: clusterrole... not found</c>).
/// </summary>
internal sealed class RbacAuthorizer(RbacPolicySource policies)
{
    public AuthorizationDecision Authorize(AuthorizationAttributes request)
    {
        var errors = new List<string>();
        foreach (var grant in Grants(policies.Current, request.User, request.Namespace, errors))
        {
            if (RuleMatching.Allows(grant.Rule, request))
            {
                return new AuthorizationDecision(true, grant.Reason, grant);
            }
        }

        return AuthorizationDecision.NoOpinion(errors.Count == 0 ? string.Empty : $"RBAC: {Aggregate(errors)}");
    }

    /// <summary>Every rule that applies to <paramref name="user"/> in <paramref name="ns"/> (cluster-wide ones and,
    /// when a namespace is given, that namespace's), and the errors met finding them.</summary>
    public (IReadOnlyList<PolicyRule> Rules, IReadOnlyList<string> Errors) RulesFor(UserInfo user, string ns)
    {
        var errors = new List<string>();
        var rules = Grants(policies.Current, user, ns, errors).Select(g => g.Rule).ToList();
        return (rules, errors);
    }

    /// <summary>
    /// The rules a binding's roleRef grants, for the escalation check; a missing role is 404 as kube-apiserver's
    /// storage answers it, a kind other than Role or ClusterRole a 500 (its validation would have said so later).
    /// </summary>
    public (IReadOnlyList<PolicyRule> Rules, ApiException? Error) RulesOfRole(RoleReference role, string bindingNamespace)
    {
        var (rules, error) = policies.Current.RulesOf(role, bindingNamespace);
        return error is null
            ? (rules, null)
            : role.Kind switch
            {
                "ClusterRole" => ([], ApiErrors.NotFound(RbacPolicy.Group, "clusterroles", role.Name)),
                "Role" => ([], ApiErrors.NotFound(RbacPolicy.Group, "roles", role.Name)),
                _ => ([], ApiErrors.InternalError(error)),
            };
    }

    /// <summary>kube-apiserver's aggregate error text: one message alone, several (without repeats) in brackets.</summary>
    public static string Aggregate(IReadOnlyList<string> errors)
    {
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : $"[{string.Join(", ", distinct)}]";
    }

    private static IEnumerable<RuleGrant> Grants(RbacPolicy policy, UserInfo user, string ns, List<string> errors)
    {
        IEnumerable<RbacBinding> bindings = policy.ClusterRoleBindings;
        if (ns.Length > 0)
        {
            bindings = bindings.Concat(policy.RoleBindingsIn(ns));
        }

        foreach (var binding in bindings)
        {
            if (binding.SubjectFor(user) is not { } subject)
            {
                continue;
            }

            var (rules, error) = policy.RulesOf(binding.Role, binding.Namespace);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            for (var i = 0; i < rules.Count; i++)
            {
                yield return new RuleGrant(binding, subject, i, rules[i]);
            }
        }
    }
}
