using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>
/// The real kubectl (1.32) with ServiceAccount tokens, as on a cluster: <c>kubectl create token</c>,
/// <c>kubectl --token=… auth whoami</c>, <c>auth can-i</c> (and <c>--list</c>), a forbidden <c>get secrets -A</c>, and an
/// unknown token. Outputs are compared with what kubectl prints against kube-apiserver.
/// </summary>
public sealed class KubectlAccessEndToEndTests : IAsyncLifetime
{
    private const string Operator = "system:serviceaccount:tenant-operator-system:tenant-operator";
    private ApiServerHarness _h = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        _kubectl = new Kubectl(_h.Server);
        (await _kubectl.RunAsync("create", "namespace", "tenant-operator-system")).ShouldSucceed();
        (await _kubectl.RunAsync("create", "serviceaccount", "tenant-operator", "-n", "tenant-operator-system")).ShouldSucceed();
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task CreateToken_ThenWhoAmI_NamesTheServiceAccountAndItsGroups()
    {
        var token = await CreateTokenAsync();

        var whoami = (await _kubectl.RunAsync("--token=" + token, "auth", "whoami")).ShouldSucceed();

        Assert.Matches($@"(?m)^Username\s+{Operator}$", whoami.Stdout);
        Assert.Matches(@"(?m)^Groups\s+\[system:serviceaccounts system:serviceaccounts:tenant-operator-system system:authenticated\]$", whoami.Stdout);
        Assert.Matches(@"(?m)^Extra: authentication.kubernetes.io/credential-id\s+\[JTI=[0-9a-f-]{36}\]$", whoami.Stdout);
    }

    [Fact]
    public async Task CanI_AnswersNoThenYesOnceRbacGrantsIt()
    {
        var token = await CreateTokenAsync();
        var no = await _kubectl.RunAsync("--token=" + token, "auth", "can-i", "list", "networkpolicies", "-A");
        Assert.Equal((1, "no"), (no.ExitCode, no.Stdout.Trim()));

        (await _kubectl.RunAsync("create", "clusterrole", "netpol-reader", "--verb=list,watch", "--resource=networkpolicies")).ShouldSucceed();
        (await _kubectl.RunAsync("create", "clusterrolebinding", "netpol-reader", "--clusterrole=netpol-reader", "--serviceaccount=tenant-operator-system:tenant-operator")).ShouldSucceed();

        var yes = (await _kubectl.RunAsync("--token=" + token, "auth", "can-i", "list", "networkpolicies", "-A")).ShouldSucceed();
        Assert.Equal("yes", yes.Stdout.Trim());
        var create = await _kubectl.RunAsync("--token=" + token, "auth", "can-i", "create", "networkpolicies", "-n", "default");
        Assert.Equal((1, "no"), (create.ExitCode, create.Stdout.Trim()));
    }

    [Fact]
    public async Task CanIList_ShowsTheRulesOfTheServiceAccount()
    {
        var token = await CreateTokenAsync();
        (await _kubectl.RunAsync("create", "role", "lease-holder", "-n", "tenant-operator-system", "--verb=get,create,update", "--resource=leases.coordination.k8s.io")).ShouldSucceed();
        (await _kubectl.RunAsync("create", "rolebinding", "lease-holder", "-n", "tenant-operator-system", "--role=lease-holder", "--serviceaccount=tenant-operator-system:tenant-operator")).ShouldSucceed();

        var list = (await _kubectl.RunAsync("--token=" + token, "auth", "can-i", "--list", "-n", "tenant-operator-system")).ShouldSucceed();

        Assert.Matches(@"(?m)^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\s*$", list.Stdout);
        Assert.Matches(@"(?m)^leases\.coordination\.k8s\.io\s+\[\]\s+\[\]\s+\[get create update\]\s*$", list.Stdout);
        Assert.Matches(@"(?m)^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\s*$", list.Stdout);
    }

    [Fact]
    public async Task TheAdmin_ChecksTheServiceAccountWithAs()
    {
        (await _kubectl.RunAsync("create", "clusterrole", "ns-reader", "--verb=list,watch", "--resource=namespaces")).ShouldSucceed();
        (await _kubectl.RunAsync("create", "clusterrolebinding", "ns-reader", "--clusterrole=ns-reader", "--serviceaccount=tenant-operator-system:tenant-operator")).ShouldSucceed();

        var yes = (await _kubectl.RunAsync("auth", "can-i", "watch", "namespaces", "--as=" + Operator)).ShouldSucceed();
        var no = await _kubectl.RunAsync("auth", "can-i", "delete", "namespaces", "--as=" + Operator);

        Assert.Equal("yes", yes.Stdout.Trim());
        Assert.Equal((1, "no"), (no.ExitCode, no.Stdout.Trim()));
    }

    [Fact]
    public async Task GetSecretsInAllNamespaces_IsForbiddenWithKubernetesMessage()
    {
        var token = await CreateTokenAsync();

        var get = await _kubectl.RunAsync("--token=" + token, "get", "secrets", "-A");

        Assert.Equal(1, get.ExitCode);
        Assert.Equal($"Error from server (Forbidden): secrets is forbidden: User \"{Operator}\" cannot list resource \"secrets\" in API group \"\" at the cluster scope", get.Stderr.Trim());
    }

    [Fact]
    public async Task AnUnknownToken_IsUnauthorized()
    {
        var get = await _kubectl.RunAsync("--token=not-a-token", "get", "namespaces");

        // With no discovery cache (as here), kubectl's first request is discovery, and it words the 401 this way.
        Assert.Equal(1, get.ExitCode);
        Assert.Equal("error: You must be logged in to the server (the server has asked for the client to provide credentials)", get.Stderr.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task CreateToken_RefusesALifetimeUnderTenMinutes()
    {
        var create = await _kubectl.RunAsync("create", "token", "tenant-operator", "-n", "tenant-operator-system", "--duration=5m");

        Assert.Equal(1, create.ExitCode);
        Assert.Equal("error: failed to create token: TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes", create.Stderr.Trim());
    }

    private async Task<string> CreateTokenAsync()
    {
        var created = (await _kubectl.RunAsync("create", "token", "tenant-operator", "-n", "tenant-operator-system")).ShouldSucceed();
        var token = created.Stdout.Trim();
        Assert.Equal(3, token.Split('.').Length);
        return token;
    }
}
