using System.Net.Http.Headers;
using k8s;

namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>Clients of a server that present a bearer token: the admin's (<c>system:masters</c>) unless another is given.</summary>
public static class ServerClients
{
    public static Kubernetes Kubernetes(LocalKubernetesApiServer server, string? token = null) =>
        new(new KubernetesClientConfiguration
        {
            Host = server.BaseAddress.ToString().TrimEnd('/'),
            AccessToken = token ?? server.AdminToken,
            SslCaCerts = [server.CertificateAuthority],
        });

    /// <summary>Plain HTTP; <paramref name="token"/> "" sends no Authorization header (an anonymous client).</summary>
    public static HttpClient Http(LocalKubernetesApiServer server, string? token = null)
    {
        var http = new HttpClient(server.CreateHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        token ??= server.AdminToken;
        if (token.Length > 0)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }
}
