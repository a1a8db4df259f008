using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Admission;

/// <summary>
/// The guardrails shipped in config/guardrails, applied with <c>kubectl apply -k</c> as <c>make deploy</c> applies
/// them, against a tenant user (a ServiceAccount token bound to the <c>edit</c> ClusterRole in its namespace) and the
/// operator's own ServiceAccount: tamper and squat are refused, the operator is not, an open-to-all policy gets
/// kubectl's warning, and the CRD is only deleted once annotated.
/// </summary>
public sealed class ShippedGuardrailsTests : IAsyncLifetime
{
    private const string PolicyDenial = "ValidatingAdmissionPolicy 'tenant-operator-protect-generated-policies' with binding 'tenant-operator-protect-generated-policies' denied request: NetworkPolicy tenant-isolation-default-deny belongs to the tenant operator (a tenant-isolation- name or its managed-by label): only system:serviceaccount:tenant-operator-system:tenant-operator may write it; change the TenantIsolation instead";
    private ApiServerHarness _h = null!;
    private Kubectl _kubectl = null!;
    private string _tenant = string.Empty;
    private string _operator = string.Empty;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        _kubectl = new Kubectl(_h.Server);
        (await _kubectl.RunAsync("apply", "-k", Path.Combine(RepositoryRoot(), "config", "guardrails"))).ShouldSucceed();
        _operator = await _h.ServiceAccountTokenAsync("tenant-operator-system", "tenant-operator");
        await _h.GrantClusterWideAsync("tenant-operator-system", "tenant-operator", """[{"apiGroups":["networking.k8s.io"],"resources":["networkpolicies"],"verbs":["*"]},{"apiGroups":[""],"resources":["namespaces"],"verbs":["get","patch"]}]""");
        _tenant = await _h.ServiceAccountTokenAsync("team", "dev");
        foreach (var ns in new[] { "team", "team-new" })
        {
            await _h.CreateIfMissingAsync("/api/v1/namespaces", Manifests.Namespace(ns));
            await _h.CreateAsync($"{AccessRequests.RbacPath}/namespaces/{ns}/rolebindings", AccessRequests.RoleBinding("dev-edit", "ClusterRole", "edit", AccessRequests.ServiceAccountSubject("team", "dev")));
        }

        var (code, body) = await _h.PostAsAsync(_operator, Manifests.NetpolIn("team"), DefaultDeny("team"));
        Assert.True(code == 201, body.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _h.DisposeAsync();
    }

    private static string DefaultDeny(string ns) =>
        $$$"""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"tenant-isolation-default-deny","namespace":"{{{ns}}}","labels":{"app.kubernetes.io/managed-by":"tenant-operator"}},"spec":{"podSelector":{},"policyTypes":["Ingress","Egress"]}}""";

    private Task<KubectlResult> AsTenantAsync(params string[] args) => _kubectl.RunAsync(["--token=" + _tenant, .. args]);

    [Fact]
    public async Task ATenant_CannotDeleteOrEditAGeneratedPolicy()
    {
        var deleted = await AsTenantAsync("delete", "networkpolicy", "tenant-isolation-default-deny", "-n", "team");
        Assert.Equal($"Error from server (Forbidden): networkpolicies.networking.k8s.io \"tenant-isolation-default-deny\" is forbidden: {PolicyDenial}\n", deleted.Stderr);

        var labelled = await AsTenantAsync("label", "networkpolicy", "tenant-isolation-default-deny", "-n", "team", "app.kubernetes.io/managed-by-", "--overwrite");
        Assert.Equal($"Error from server (Forbidden): networkpolicies.networking.k8s.io \"tenant-isolation-default-deny\" is forbidden: {PolicyDenial}\n", labelled.Stderr);
        Assert.Equal(200, (await _h.GetAsync(Manifests.NetpolIn("team") + "/tenant-isolation-default-deny")).Code);
    }

    [Fact]
    public async Task ATenant_CannotSquatTheDefaultDenyName()
    {
        var squat = DefaultDeny("team-new").Replace("""{"app.kubernetes.io/managed-by":"tenant-operator"}""", "{}", StringComparison.Ordinal)
            .Replace("\"policyTypes\":[\"Ingress\",\"Egress\"]", "\"ingress\":[{}]", StringComparison.Ordinal);

        var created = await _kubectl.RunWithInputAsync(squat, "--token=" + _tenant, "create", "-f", "-");

        Assert.Equal($"Error from server (Forbidden): error when creating \"STDIN\": networkpolicies.networking.k8s.io \"tenant-isolation-default-deny\" is forbidden: {PolicyDenial}\n", created.Stderr);
    }

    [Fact]
    public async Task TheOperator_AndATenantsOwnPolicies_AreNotRefused()
    {
        (await AsTenantAsync("create", "-n", "team", "-f", _kubectl.WriteFile("own.json", Manifests.NetworkPolicy("allow-web", "team")))).ShouldSucceed();
        Assert.Equal(200, (await _h.SendAsAsync(_operator, HttpMethod.Delete, Manifests.NetpolIn("team") + "/tenant-isolation-default-deny")).Code);
    }

    [Fact]
    public async Task AnOpenToAllPolicy_InAMemberNamespace_IsAdmittedWithKubectlsWarning()
    {
        (await _kubectl.RunAsync("--token=" + _operator, "label", "namespace", "team", "isolation.tenantoperator.io/tenant=a", "isolation.tenantoperator.io/isolated=true")).ShouldSucceed();

        var applied = (await _kubectl.RunWithInputAsync(OpenToAll("team"), "--token=" + _tenant, "apply", "-f", "-")).ShouldSucceed();

        Assert.Equal("Warning: Validation failed for ValidatingAdmissionPolicy 'tenant-operator-warn-open-policies' with binding 'tenant-operator-warn-open-policies': NetworkPolicy open opens namespace team of TenantIsolation a to traffic from every namespace or address; tenant isolation no longer holds there\n", applied.Stderr);
        Assert.Equal("networkpolicy.networking.k8s.io/open created\n", applied.Stdout);
    }

    [Fact]
    public async Task AnOpenToAllPolicy_OutsideEveryTenant_IsAdmittedWithoutAWarning()
    {
        var applied = (await _kubectl.RunWithInputAsync(OpenToAll("team-new"), "--token=" + _tenant, "apply", "-f", "-")).ShouldSucceed();

        Assert.Equal(string.Empty, applied.Stderr);
        Assert.Equal("networkpolicy.networking.k8s.io/open created\n", applied.Stdout);
    }

    private static string OpenToAll(string ns) =>
        $$$"""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"open","namespace":"{{{ns}}}"},"spec":{"podSelector":{},"ingress":[{"from":[{"namespaceSelector":{}}]}]}}""";

    [Fact]
    public async Task DeletingTheCrd_IsRefusedUntilAnnotated()
    {
        await Manifests.InstallTenantCrdAsync(_h);

        var refused = await _kubectl.RunAsync("delete", "crd", "tenantisolations.isolation.tenantoperator.io");
        Assert.Equal("Error from server (Forbidden): customresourcedefinitions.apiextensions.k8s.io \"tenantisolations.isolation.tenantoperator.io\" is forbidden: ValidatingAdmissionPolicy 'tenant-operator-keep-crd' with binding 'tenant-operator-keep-crd' denied request: deleting this CRD deletes every TenantIsolation and so every generated NetworkPolicy; to uninstall on purpose, first run: kubectl annotate crd tenantisolations.isolation.tenantoperator.io isolation.tenantoperator.io/allow-delete=true\n", refused.Stderr);

        (await _kubectl.RunAsync("annotate", "crd", "tenantisolations.isolation.tenantoperator.io", "isolation.tenantoperator.io/allow-delete=true")).ShouldSucceed();
        (await _kubectl.RunAsync("delete", "crd", "tenantisolations.isolation.tenantoperator.io", "--wait=false")).ShouldSucceed();
    }

    [Fact]
    public async Task ATenant_CannotLabelANamespaceIntoATenant_ButMayChangeOtherLabels()
    {
        await InstallShippedCrdAsync();
        await _h.CreateAsync(Manifests.TenantPath, """{"apiVersion":"isolation.tenantoperator.io/v1alpha1","kind":"TenantIsolation","metadata":{"name":"a"},"spec":{"namespaceSelector":{"matchLabels":{"tenant":"a"},"matchExpressions":[{"key":"tier","operator":"Exists"}]}}}""");
        await _h.GrantClusterWideAsync("team", "dev", """[{"apiGroups":[""],"resources":["namespaces"],"verbs":["get","patch","update"]}]""");

        var joined = await AsTenantAsync("label", "namespace", "team-new", "tenant=a");
        var tiered = await AsTenantAsync("label", "namespace", "team-new", "tier=web");

        const string denial = "Error from server (Forbidden): namespaces \"team-new\" is forbidden: ValidatingAdmissionPolicy 'tenant-operator-protect-tenant-labels' with binding 'tenant-operator-protect-tenant-labels' denied request: namespace team-new: the labels that TenantIsolation a selects namespaces by may only be changed by the tenant operator or a cluster admin\n";
        Assert.Equal(denial, joined.Stderr);
        Assert.Equal(denial, tiered.Stderr);
        (await AsTenantAsync("label", "namespace", "team-new", "cost-center=42")).ShouldSucceed();
        (await _kubectl.RunAsync("label", "namespace", "team-new", "tenant=a")).ShouldSucceed();
    }

    [Fact]
    public async Task OnlyTheOperator_SetsChangesOrRemovesItsNamespaceMarks()
    {
        await _h.GrantClusterWideAsync("team", "dev", """[{"apiGroups":[""],"resources":["namespaces"],"verbs":["get","patch","update"]}]""");
        const string denial = "Error from server (Forbidden): namespaces \"team\" is forbidden: ValidatingAdmissionPolicy 'tenant-operator-protect-namespace-marks' with binding 'tenant-operator-protect-namespace-marks' denied request: namespace team: isolation.tenantoperator.io/tenant and isolation.tenantoperator.io/isolated are the tenant operator's marks (the pod gate admits pods by them); only the operator may set, change or remove them\n";

        Assert.Equal(denial, (await AsTenantAsync("label", "namespace", "team", "isolation.tenantoperator.io/isolated=true")).Stderr);
        Assert.Equal(denial, (await AsTenantAsync("label", "namespace", "team", "isolation.tenantoperator.io/tenant=a")).Stderr);
        (await _kubectl.RunAsync("--token=" + _operator, "label", "namespace", "team", "isolation.tenantoperator.io/tenant=a", "isolation.tenantoperator.io/isolated=true")).ShouldSucceed();
        Assert.Equal(denial, (await AsTenantAsync("label", "namespace", "team", "isolation.tenantoperator.io/isolated-")).Stderr);
        Assert.Equal(denial, (await AsTenantAsync("label", "namespace", "team", "isolation.tenantoperator.io/tenant=b", "--overwrite")).Stderr);
        Assert.Equal(denial.Replace("namespaces \"team\"", "namespaces \"squat\"", StringComparison.Ordinal).Replace("namespace team:", "namespace squat:", StringComparison.Ordinal),
            (await _kubectl.RunWithInputAsync("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"squat","labels":{"isolation.tenantoperator.io/isolated":"true"}}}""", "create", "-f", "-")).Stderr.Replace("error when creating \"STDIN\": ", "", StringComparison.Ordinal));

        // Other labels stay the namespace owner's, and the marks stay as the operator wrote them.
        (await AsTenantAsync("label", "namespace", "team", "cost-center=42")).ShouldSucceed();
        (await _kubectl.RunAsync("--token=" + _operator, "label", "namespace", "team", "isolation.tenantoperator.io/tenant-", "isolation.tenantoperator.io/isolated-")).ShouldSucceed();
    }

    [Fact]
    public async Task AGatedTenant_RefusesPodsInItsNamespace_UntilTheOperatorMarksItIsolated()
    {
        await InstallShippedCrdAsync();
        await _h.CreateAsync(Manifests.TenantPath, """{"apiVersion":"isolation.tenantoperator.io/v1alpha1","kind":"TenantIsolation","metadata":{"name":"a"},"spec":{"podAdmission":"Gated","namespaceSelector":{"matchExpressions":[{"key":"tenant","operator":"In","values":["a"]}]},"namespaces":["kube-system"]}}""");
        await _h.CreateIfMissingAsync("/api/v1/namespaces", Manifests.Namespace("kube-system"));
        (await _kubectl.RunAsync("create", "namespace", "gated")).ShouldSucceed();
        (await _kubectl.RunAsync("label", "namespace", "gated", "tenant=a")).ShouldSucceed();

        var refused = await _kubectl.RunAsync("run", "web", "--image=nginx", "--restart=Never", "-n", "gated");
        Assert.Equal(GateDenial("web", "gated", "a"), refused.Stderr);

        // Marked isolated for another tenant is not isolated for this one.
        (await _kubectl.RunAsync("--token=" + _operator, "label", "namespace", "gated", "isolation.tenantoperator.io/tenant=b", "isolation.tenantoperator.io/isolated=true")).ShouldSucceed();
        Assert.Equal(GateDenial("web", "gated", "a"), (await _kubectl.RunAsync("run", "web", "--image=nginx", "--restart=Never", "-n", "gated")).Stderr);

        (await _kubectl.RunAsync("--token=" + _operator, "label", "namespace", "gated", "isolation.tenantoperator.io/tenant=a", "--overwrite")).ShouldSucceed();
        Assert.Equal("pod/web created\n", (await _kubectl.RunAsync("run", "web", "--image=nginx", "--restart=Never", "-n", "gated")).ShouldSucceed().Stdout);
        // kube-system is never gated, even when a tenant names it.
        (await _kubectl.RunAsync("run", "dns", "--image=coredns", "--restart=Never", "-n", "kube-system")).ShouldSucceed();
    }

    [Fact]
    public async Task PodsAreAdmitted_WhereNoGatedEnforcedTenantSelects()
    {
        await InstallShippedCrdAsync();
        await _h.CreateAsync(Manifests.TenantPath, """{"apiVersion":"isolation.tenantoperator.io/v1alpha1","kind":"TenantIsolation","metadata":{"name":"open"},"spec":{"namespaces":["team"]}}""");
        await _h.CreateAsync(Manifests.TenantPath, """{"apiVersion":"isolation.tenantoperator.io/v1alpha1","kind":"TenantIsolation","metadata":{"name":"trial"},"spec":{"podAdmission":"Gated","mode":"DryRun","namespaces":["team"]}}""");
        await _h.CreateAsync(Manifests.TenantPath, """{"apiVersion":"isolation.tenantoperator.io/v1alpha1","kind":"TenantIsolation","metadata":{"name":"gated"},"spec":{"podAdmission":"Gated","namespaces":["team-new"],"exemptNamespaces":[{"name":"team-new","reason":"migration"}],"namespaceSelector":{"matchLabels":{"tier":"gated"}}}}""");

        (await AsTenantAsync("run", "web", "--image=nginx", "--restart=Never", "-n", "team")).ShouldSucceed();
        (await AsTenantAsync("run", "web", "--image=nginx", "--restart=Never", "-n", "team-new")).ShouldSucceed();
    }

    private static string GateDenial(string pod, string ns, string tenant) =>
        $"Error from server (Forbidden): pods \"{pod}\" is forbidden: ValidatingAdmissionPolicy 'tenant-operator-gate-pods' with binding 'tenant-operator-gate-pods' denied request: " +
        $"namespace {ns} belongs to TenantIsolation {tenant}, which admits pods only once its NetworkPolicies are in place (spec.podAdmission: Gated), and the tenant operator " +
        "has not marked it isolation.tenantoperator.io/isolated=true yet: retry in a few seconds (a Deployment retries by itself)\n";

    private async Task InstallShippedCrdAsync()
    {
        (await _kubectl.RunAsync("apply", "-f", Path.Combine(RepositoryRoot(), "config", "crd", "bases", "isolation.tenantoperator.io_tenantisolations.yaml"))).ShouldSucceed();
        await Eventually.TrueAsync(async () => (await _h.GetAsync(Manifests.TenantPath)).Code == 200, "the shipped CRD is served");
    }

    /// <summary>The repository's root: the nearest directory above the tests that holds config/guardrails.</summary>
    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "config", "guardrails")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("config/guardrails not found above " + AppContext.BaseDirectory);
    }
}
