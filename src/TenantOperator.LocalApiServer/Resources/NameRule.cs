namespace TenantOperator.LocalApiServer.Resources;

/// <summary>Which rule a resource's object names follow, as kube-apiserver validates them.</summary>
internal enum NameRule
{
    /// <summary>RFC 1123 subdomain: most resources.</summary>
    Subdomain,

    /// <summary>RFC 1123 label: namespaces.</summary>
    Label,

    /// <summary>Any path segment (no '/', '%', not '.' or '..'): RBAC kinds.</summary>
    PathSegment,
}
