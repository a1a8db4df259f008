namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>How Kubernetes names ServiceAccounts as users and groups (k8s.io/apiserver's serviceaccount package).</summary>
public static class ServiceAccountNames
{
    /// <summary>The prefix of every ServiceAccount user name.</summary>
    public const string UserPrefix = "system:serviceaccount:";

    /// <summary>The group of every ServiceAccount.</summary>
    public const string AllServiceAccounts = "system:serviceaccounts";

    /// <summary><c>system:serviceaccount:NAMESPACE:NAME</c>.</summary>
    public static string Username(string ns, string name) => $"{UserPrefix}{ns}:{name}";

    /// <summary>The groups of a ServiceAccount in <paramref name="ns"/>: all ServiceAccounts, then those of the namespace.</summary>
    public static IReadOnlyList<string> Groups(string ns) => [AllServiceAccounts, $"{AllServiceAccounts}:{ns}"];

    /// <summary>True when <paramref name="username"/> names the ServiceAccount <paramref name="name"/> of <paramref name="ns"/>.</summary>
    public static bool Matches(string ns, string name, string username) =>
        username.Length == UserPrefix.Length + ns.Length + 1 + name.Length &&
        username.StartsWith(UserPrefix, StringComparison.Ordinal) &&
        username.AsSpan(UserPrefix.Length, ns.Length).SequenceEqual(ns) &&
        username[UserPrefix.Length + ns.Length] == ':' &&
        username.AsSpan(UserPrefix.Length + ns.Length + 1).SequenceEqual(name);
}
