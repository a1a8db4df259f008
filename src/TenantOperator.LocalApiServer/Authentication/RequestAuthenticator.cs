using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// Finds who a request comes from, as kube-apiserver's authentication filter does with a bearer-token
/// authenticator and anonymous requests allowed (its default): no <c>Authorization: Bearer</c> header, or another
/// scheme, makes the request <c>system:anonymous</c>; a bearer token that is neither the admin's nor a valid
/// ServiceAccount token is 401 Unauthorized, whatever the reason (the reason goes to the log only).
/// </summary>
internal sealed class RequestAuthenticator(string adminToken, ServiceAccountTokens serviceAccounts, ILogger logger)
{
    private readonly byte[] _adminToken = Encoding.UTF8.GetBytes(adminToken);

    public UserInfo Authenticate(HttpRequest request)
    {
        var header = (request.Headers.Authorization.FirstOrDefault() ?? string.Empty).Trim();
        var parts = header.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return UserInfo.Anonymous;
        }

        var token = parts[1];
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _adminToken))
        {
            return UserInfo.Admin;
        }

        try
        {
            if (ServiceAccountTokens.IsOurs(token))
            {
                return serviceAccounts.Authenticate(token);
            }

            throw new TokenRejectedException("invalid bearer token");
        }
        catch (TokenRejectedException e)
        {
            logger.LogInformation("{Method} {Path}: unable to authenticate the request: {Reason}", request.Method, request.Path, e.Message);
            throw Unauthorized();
        }
    }

    /// <summary>The Status kube-apiserver answers a request it cannot authenticate.</summary>
    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");
}
