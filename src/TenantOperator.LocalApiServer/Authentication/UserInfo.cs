namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// Who a request comes from, as kube-apiserver's authenticators describe a user (k8s.io/apiserver's user.Info):
/// a name, a uid, groups and extra attributes. RBAC matches subjects against the name and groups.
/// </summary>
/// <param name="Name">The user name, e.g. <c>kubernetes-admin</c> or <c>system:serviceaccount:ns:name</c>.</param>
/// <param name="Uid">The uid (a ServiceAccount's uid for its tokens; empty otherwise).</param>
/// <param name="Groups">The groups, in the order kube-apiserver lists them.</param>
/// <param name="Extra">Extra attributes, e.g. <c>authentication.kubernetes.io/credential-id</c>.</param>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>The group whose members may do anything (kube-apiserver's privileged group).</summary>
    public const string SystemMasters = "system:masters";

    /// <summary>The group every authenticated user is in.</summary>
    public const string Authenticated = "system:authenticated";

    /// <summary>The group of requests without credentials.</summary>
    public const string Unauthenticated = "system:unauthenticated";

    /// <summary>The name of requests without credentials.</summary>
    public const string AnonymousName = "system:anonymous";

    /// <summary>The cluster admin of the kubeconfig the server writes, named as kubeadm names its admin.</summary>
    public const string AdminName = "kubernetes-admin";

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoExtra = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>A request without credentials, as kube-apiserver's anonymous authenticator names it.</summary>
    public static UserInfo Anonymous { get; } = new(AnonymousName, string.Empty, [Unauthenticated], NoExtra);

    /// <summary>The admin of the kubeconfig the server writes: in <c>system:masters</c>, as kubeadm's admin.</summary>
    public static UserInfo Admin { get; } = new(AdminName, string.Empty, [SystemMasters, Authenticated], NoExtra);

    /// <summary>True for members of <c>system:masters</c>, whom kube-apiserver allows everything before asking RBAC.</summary>
    public bool IsPrivileged => Groups.Contains(SystemMasters);

    /// <summary>A user with the given name and groups and no uid or extra (subject access reviews, tests).</summary>
    public static UserInfo Of(string name, params string[] groups) => new(name, string.Empty, groups, NoExtra);
}
