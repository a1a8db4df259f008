using System.Collections.Concurrent;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>A request the server answered 403 Forbidden: who asked for what, and the message they got.</summary>
/// <param name="User">The user name.</param>
/// <param name="Verb">The verb.</param>
/// <param name="ApiGroup">The API group of a resource request.</param>
/// <param name="Resource">The resource, with its subresource (<c>tenantisolations/status</c>); empty for a path.</param>
/// <param name="Namespace">The namespace, or empty.</param>
/// <param name="Name">The object's name, or empty.</param>
/// <param name="Path">The request path.</param>
/// <param name="Message">The Status message the client got.</param>
public sealed record AccessDenial(string User, string Verb, string ApiGroup, string Resource, string Namespace, string Name, string Path, string Message);

/// <summary>
/// An RBAC rule that allowed a request (or an admission check a request needed): the role and the index of the
/// rule in its <c>rules</c>, the binding that granted it to the user, and what was asked.
/// </summary>
/// <param name="User">The user name.</param>
/// <param name="BindingKind"><c>ClusterRoleBinding</c> or <c>RoleBinding</c>.</param>
/// <param name="BindingNamespace">The binding's namespace (RoleBindings).</param>
/// <param name="BindingName">The binding's name.</param>
/// <param name="RoleKind"><c>ClusterRole</c> or <c>Role</c>.</param>
/// <param name="RoleNamespace">The role's namespace (Roles).</param>
/// <param name="RoleName">The role's name.</param>
/// <param name="RuleIndex">The index of the rule in the role's <c>rules</c>.</param>
/// <param name="Verb">The verb asked for.</param>
/// <param name="ApiGroup">The API group asked for.</param>
/// <param name="Resource">The resource asked for, with its subresource.</param>
/// <param name="NonResourcePath">The path, for a non-resource request.</param>
public sealed record RuleUse(
    string User, string BindingKind, string BindingNamespace, string BindingName, string RoleKind, string RoleNamespace, string RoleName,
    int RuleIndex, string Verb, string ApiGroup, string Resource, string NonResourcePath);

/// <summary>
/// What the server's authorization decided, for tests and audits: every denial (the most recent
/// <see cref="MaxDenials"/>), and each distinct use of an RBAC rule. A test can so fail on any forbidden request,
/// and list the rules a role grants that no request needed.
/// </summary>
public sealed class AuthorizationLog
{
    /// <summary>How many denials are kept.</summary>
    public const int MaxDenials = 10_000;

    private readonly ConcurrentQueue<AccessDenial> _denials = new();
    private readonly ConcurrentDictionary<RuleUse, byte> _uses = new();

    /// <summary>The requests answered 403, oldest first.</summary>
    public IReadOnlyList<AccessDenial> Denials => [.. _denials];

    /// <summary>The distinct uses of RBAC rules.</summary>
    public IReadOnlyCollection<RuleUse> RuleUses => [.. _uses.Keys];

    /// <summary>Forgets everything recorded so far.</summary>
    public void Clear()
    {
        _denials.Clear();
        _uses.Clear();
    }

    internal void RecordDenial(AuthorizationAttributes request, string message)
    {
        _denials.Enqueue(new AccessDenial(request.User.Name, request.Verb, request.ApiGroup, request.IsResourceRequest ? request.CombinedResource : string.Empty,
            request.Namespace, request.Name, request.Path, message));
        while (_denials.Count > MaxDenials && _denials.TryDequeue(out _))
        {
        }
    }

    internal void RecordUse(AuthorizationAttributes request, RuleGrant grant)
    {
        var binding = grant.Binding;
        var roleNamespace = binding.Role.Kind == "Role" ? binding.Namespace : string.Empty;
        _uses.TryAdd(
            new RuleUse(request.User.Name, binding.Kind, binding.Namespace, binding.Name, binding.Role.Kind, roleNamespace, binding.Role.Name, grant.RuleIndex,
                request.Verb, request.ApiGroup, request.IsResourceRequest ? request.CombinedResource : string.Empty, request.IsResourceRequest ? string.Empty : request.Path),
            0);
    }
}
