namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>A rule that granted a request: the binding, the subject in it that named the user, the role's rule.</summary>
internal sealed record RuleGrant(RbacBinding Binding, RbacSubject Subject, int RuleIndex, PolicyRule Rule)
{
    /// <summary>RBAC's reason for an allowed request, e.g.
    /// <c>RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to ServiceAccount "sa/ns"</c>.</summary>
    public string Reason => $"RBAC: allowed by {Binding.Describe()} of {Binding.Role.Kind} \"{Binding.Role.Name}\" to {Subject.Describe(Binding.Namespace)}";
}

/// <summary>An authorizer's answer: allowed or not (kube-apiserver's "no opinion" is a denial when no other
/// authorizer allows), the reason, and for RBAC allowances the rule that allowed.</summary>
internal readonly record struct AuthorizationDecision(bool Allowed, string Reason, RuleGrant? Grant)
{
    public static AuthorizationDecision Allow(string reason = "") => new(true, reason, null);

    public static AuthorizationDecision NoOpinion(string reason = "") => new(false, reason, null);
}
