using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Authentication;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>The authenticated user of an HTTP request, kept on its context for the layers below (admission).</summary>
internal static class RequestUser
{
    private const string Key = "TenantOperator.LocalApiServer.User";

    public static void Set(HttpContext context, UserInfo user) => context.Items[Key] = user;

    /// <summary>The request's user, or null for work the server does on its own.</summary>
    public static UserInfo? Of(HttpContext? context) => context?.Items.TryGetValue(Key, out var user) == true ? user as UserInfo : null;
}
