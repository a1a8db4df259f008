namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// The server's authorizer chain, as kube-apiserver builds it: members of <c>system:masters</c> are allowed
/// everything first, then the configured mode decides (RBAC, or AlwaysAllow). Checks made for a request (its own
/// authorization, and admission's) are recorded in the <see cref="AuthorizationLog"/>; reviews are not.
/// </summary>
internal sealed class ServerAuthorizer(AuthorizationMode mode, RbacAuthorizer rbac, AuthorizationLog log)
{
    private static readonly PolicyRule[] Everything =
    [
        new() { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] },
        new() { Verbs = ["*"], NonResourceUrls = ["*"] },
    ];

    public AuthorizationMode Mode => mode;

    public RbacAuthorizer Rbac => rbac;

    /// <summary>Decides <paramref name="request"/>; a rule that allows it is recorded as used.</summary>
    public AuthorizationDecision AuthorizeForRequest(AuthorizationAttributes request)
    {
        var decision = Authorize(request);
        if (decision.Grant is { } grant)
        {
            log.RecordUse(request, grant);
        }

        return decision;
    }

    /// <summary>Decides <paramref name="request"/> without recording anything (access reviews: nothing was done).</summary>
    public AuthorizationDecision Authorize(AuthorizationAttributes request)
    {
        if (request.User.IsPrivileged || mode == AuthorizationMode.AlwaysAllow)
        {
            return AuthorizationDecision.Allow();
        }

        return rbac.Authorize(request);
    }

    /// <summary>The rules <paramref name="user"/> has in <paramref name="ns"/> (SelfSubjectRulesReview).</summary>
    public (IReadOnlyList<PolicyRule> Rules, IReadOnlyList<string> Errors) RulesFor(Authentication.UserInfo user, string ns) =>
        mode == AuthorizationMode.AlwaysAllow ? (Everything, []) : rbac.RulesFor(user, ns);

    internal void RecordDenial(AuthorizationAttributes request, string message) => log.RecordDenial(request, message);
}
