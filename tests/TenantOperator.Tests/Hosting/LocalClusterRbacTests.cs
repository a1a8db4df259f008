using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Hosting;
using TenantOperator.Tests.Integration;

namespace TenantOperator.Tests.Hosting;

/// <summary><c>run --local</c>'s cluster: config/rbac applied as shipped, and the operator's client being its ServiceAccount.</summary>
public sealed class LocalClusterRbacTests : IAsyncLifetime
{
    private string _directory = string.Empty;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("local-rbac-").FullName;
        _cluster = await LocalCluster.StartAsync(0, Path.Combine(_directory, "kubeconfig"), "tenant-operator-system", null, null, NullLoggerFactory.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TheOperatorsClient_IsItsServiceAccount_AndMayNotReadSecrets()
    {
        using var client = new Kubernetes(_cluster.OperatorClientConfiguration);

        var review = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview());
        var secrets = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListSecretForAllNamespacesAsync());

        Assert.Equal("system:serviceaccount:tenant-operator-system:tenant-operator", review.Status.UserInfo.Username);
        Assert.Equal("system:serviceaccount:tenant-operator-system:tenant-operator", _cluster.OperatorUserName);
        Assert.Equal(HttpStatusCode.Forbidden, secrets.Response.StatusCode);
    }

    [Fact]
    public async Task EveryObjectOfConfigRbac_IsInTheCluster()
    {
        using var admin = new Kubernetes(_cluster.ClientConfiguration);

        Assert.NotNull(await admin.CoreV1.ReadNamespacedServiceAccountAsync("tenant-operator", "tenant-operator-system"));
        Assert.NotNull(await admin.RbacAuthorizationV1.ReadClusterRoleAsync("tenant-operator"));
        Assert.NotNull(await admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync("tenant-operator"));
        Assert.NotNull(await admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("tenant-operator-leader-election", "tenant-operator-system"));
        Assert.NotNull(await admin.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("tenant-operator-leader-election", "tenant-operator-system"));
        Assert.NotNull(await admin.RbacAuthorizationV1.ReadClusterRoleAsync("tenantisolation-viewer-role"));
        Assert.NotNull(await admin.RbacAuthorizationV1.ReadClusterRoleAsync("tenantisolation-editor-role"));
    }

    [Fact]
    public async Task TheShippedViewerAndEditorRoles_JoinTheDefaultViewAndEditRoles()
    {
        using var admin = new Kubernetes(_cluster.ClientConfiguration);
        await admin.CoreV1.CreateNamespaceAsync(KubernetesObjects.Namespace("people"));
        foreach (var (user, role) in new[] { ("viewer", "view"), ("editor", "edit") })
        {
            await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = user } }, "people");
            await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = user },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = user, NamespaceProperty = "people" }],
            });
        }

        // The aggregation controller fills view and edit a moment after the roles were applied.
        await OperatorTestCluster.WaitUntilAsync(async () => await CanAsync(admin, "viewer", "list") && await CanAsync(admin, "editor", "create"),
            "the viewer may list and the editor create TenantIsolations");
        Assert.False(await CanAsync(admin, "viewer", "create"));
        Assert.False(await CanAsync(admin, "editor", "update", "status"));
    }

    [Fact]
    public void AnotherOperatorNamespace_MovesTheNamespacedObjectsAndTheSubjects()
    {
        var objects = RbacManifests.Load("ops");

        Assert.All(objects.Where(o => o.Metadata.NamespaceProperty is not null), o => Assert.Equal("ops", o.Metadata.NamespaceProperty));
        Assert.All(objects.OfType<V1ClusterRoleBinding>().SelectMany(b => b.Subjects), s => Assert.Equal("ops", s.NamespaceProperty));
        Assert.All(objects.OfType<V1RoleBinding>().SelectMany(b => b.Subjects), s => Assert.Equal("ops", s.NamespaceProperty));
        Assert.Contains(objects, o => o is V1Role { Metadata.NamespaceProperty: "ops" });
    }

    [Fact]
    public void TheBuiltInFiles_AreThoseOfTheRepository_InKustomizationOrder()
    {
        var kustomization = File.ReadAllText(RepositoryPaths.Of("config", "rbac", "kustomization.yaml"));
        var listed = kustomization.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();

        Assert.Equal(listed, RbacManifests.Files());
        Assert.All(listed, file => Assert.Equal(File.ReadAllText(RepositoryPaths.Of("config", "rbac", file)), RbacManifests.Read(file)));
    }

    // The ServiceAccount's answer to a SubjectAccessReview on TenantIsolations (or a subresource of them).
    private static async Task<bool> CanAsync(Kubernetes admin, string account, string verb, string? subresource = null)
    {
        var review = await admin.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = $"system:serviceaccount:people:{account}",
                Groups = ["system:serviceaccounts", "system:serviceaccounts:people", "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { Group = TenantIsolation.Group, Resource = TenantIsolation.Plural, Subresource = subresource, Verb = verb },
            },
        });
        return review.Status.Allowed;
    }
}
