namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>How the server authorizes requests (kube-apiserver's <c>--authorization-mode</c>).</summary>
public enum AuthorizationMode
{
    /// <summary>Role-based access control, as a cluster does (the default).</summary>
    Rbac,

    /// <summary>Every authenticated or anonymous request is allowed (for benchmarks that compare the cost of RBAC).</summary>
    AlwaysAllow,
}
