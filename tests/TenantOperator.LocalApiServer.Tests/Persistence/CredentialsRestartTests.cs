using System.Net.Http.Headers;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// A data directory keeps the server's credentials (admin token, service-account signing key, certificate authority)
/// as kube-apiserver keeps its token file, key and CA, so kubeconfigs and ServiceAccount tokens outlive a restart.
/// </summary>
public sealed class CredentialsRestartTests
{
    [Fact]
    public async Task Restart_KeepsTheAdminTokenTheAuthorityAndServiceAccountTokens()
    {
        using var directory = new TemporaryDirectory();
        var server = await DataDirectoryServer.StartAsync(directory.FullPath);
        try
        {
            var adminToken = server.Server.AdminToken;
            var authority = server.Server.CertificateAuthority.Thumbprint;
            Assert.Equal(201, (await server.PostAsync("/api/v1/namespaces", Manifests.Namespace("team"))).Code);
            Assert.Equal(201, (await server.PostAsync("/api/v1/namespaces/team/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"}}""")).Code);
            var (code, issued) = await server.PostAsync("/api/v1/namespaces/team/serviceaccounts/robot/token", "{}");
            Assert.Equal(201, code);

            server = await server.RestartAsync();

            Assert.Equal(adminToken, server.Server.AdminToken);
            Assert.Equal(authority, server.Server.CertificateAuthority.Thumbprint);
            Assert.Equal("system:serviceaccount:team:robot", await WhoAsync(server, (string)issued["status"]!["token"]!));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADamagedSigningKey_StopsTheStart_NamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        await (await DataDirectoryServer.StartAsync(directory.FullPath)).DisposeAsync();
        await File.WriteAllTextAsync(directory.File("service-account-key.pem"), "not a key");

        var error = await Assert.ThrowsAsync<IOException>(() => LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions { DataDirectory = directory.FullPath }));

        Assert.Contains(directory.File("service-account-key.pem"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServersWithoutADataDirectory_HaveCredentialsOfTheirOwn()
    {
        await using var first = await LocalKubernetesApiServer.StartAsync();
        await using var second = await LocalKubernetesApiServer.StartAsync();

        Assert.NotEqual(first.AdminToken, second.AdminToken);
        Assert.NotEqual(first.CertificateAuthority.Thumbprint, second.CertificateAuthority.Thumbprint);
    }

    private static async Task<string> WhoAsync(DataDirectoryServer server, string token)
    {
        using var http = ServerClients.Http(server.Server, token);
        using var response = await http.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", new StringContent("{}", new MediaTypeHeaderValue("application/json")));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string)body["status"]!["userInfo"]!["username"]!;
    }
}
