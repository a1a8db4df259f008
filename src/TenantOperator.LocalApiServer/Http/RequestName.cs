using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// The check kube-apiserver's storage applies to the name in a request path before it builds a storage
/// key (NamespaceKeyFunc, NoNamespaceKeyFunc with apimachinery's IsValidPathSegmentName): <c>.</c> and
/// <c>..</c> are not names, and a name may not contain <c>/</c> or <c>%</c>. A 400 BadRequest otherwise.
/// </summary>
internal static class RequestName
{
    public static void Check(string name)
    {
        if (Problems(name) is { Count: > 0 } problems)
        {
            throw ApiErrors.BadRequest($"Name parameter invalid: {GoText.Quote(name)}: {string.Join(";", problems)}");
        }
    }

    /// <summary>The problems of <paramref name="name"/> as a path segment, in apimachinery's wording (empty when none).</summary>
    public static IReadOnlyList<string> Problems(string name)
    {
        if (name is "." or "..")
        {
            return [$"may not be '{name}'"];
        }

        var problems = new List<string>();
        foreach (var forbidden in new[] { "/", "%" })
        {
            if (name.Contains(forbidden, StringComparison.Ordinal))
            {
                problems.Add($"may not contain '{forbidden}'");
            }
        }

        return problems;
    }
}
