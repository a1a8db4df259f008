using TenantOperator.ApiMachinery;
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
        if (KubernetesNames.PathSegmentNameErrors(name) is { Count: > 0 } problems)
        {
            throw ApiErrors.BadRequest($"Name parameter invalid: {GoText.Quote(name)}: {string.Join(";", problems)}");
        }
    }
}
