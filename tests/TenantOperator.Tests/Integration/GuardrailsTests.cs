using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// The operator with the shipped guardrails in place, as <c>run --local</c> and <c>make deploy</c> install them: the
/// operator (its ServiceAccount, config/rbac) writes and repairs its policies unrefused, while a tenant user (a
/// ServiceAccount token from the TokenRequest API, bound to <c>edit</c> in its namespace) can neither delete a
/// generated policy nor squat the default-deny name in a namespace the operator has not reached yet.
/// </summary>
public sealed class GuardrailsTests
{
    [Fact]
    public async Task TheOperatorIsNeverRefused_WhileATenantCannotTamperOrSquat()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(guardrails: true);
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.CreateNamespaceAsync("later");
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
        using var tenant = await TenantUserAsync(cluster, "web", "later");
        cluster.StartOperator();
        await cluster.WaitForReadyReasonAsync("a", "Reconciled");

        var deleted = await Assert.ThrowsAsync<HttpOperationException>(() => tenant.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(WellKnown.DefaultDenyPolicy, "web"));
        Assert.Equal(HttpStatusCode.Forbidden, deleted.Response.StatusCode);
        Assert.Contains("denied request: NetworkPolicy tenant-isolation-default-deny belongs to the tenant operator", deleted.Response.Content, StringComparison.Ordinal);

        var squat = new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = WellKnown.DefaultDenyPolicy, NamespaceProperty = "later" },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), Ingress = [new V1NetworkPolicyIngressRule()] },
        };
        var squatted = await Assert.ThrowsAsync<HttpOperationException>(() => tenant.NetworkingV1.CreateNamespacedNetworkPolicyAsync(squat, "later"));
        Assert.Equal(HttpStatusCode.Forbidden, squatted.Response.StatusCode);

        // The namespace joins: the operator creates its policies there, as it repairs any an admin removed.
        await cluster.LabelNamespaceAsync("later", new Dictionary<string, string> { ["tenant"] = "a" });
        await OperatorTestCluster.WaitUntilAsync(async () => (await cluster.PolicyNamesAsync("later")).Contains(WellKnown.DefaultDenyPolicy), "the operator isolates the joining namespace");
        Assert.Equal("Reconciled", (await cluster.WaitForReadyReasonAsync("a", "Reconciled")).Status!.Conditions!.Single(c => c.Type == "Ready").Reason);
    }

    // A ServiceAccount of the first namespace, bound to the edit ClusterRole in each namespace, with a token from the TokenRequest API.
    private static async Task<Kubernetes> TenantUserAsync(OperatorTestCluster cluster, params string[] namespaces)
    {
        var home = namespaces[0];
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "dev" } }, home);
        foreach (var ns in namespaces)
        {
            await cluster.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "dev-edit" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "edit" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "dev", NamespaceProperty = home }],
            }, ns);
        }

        var token = await cluster.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec() }, "dev", home);
        var configuration = cluster.ClientConfiguration;
        configuration.AccessToken = token.Status.Token;
        return new Kubernetes(configuration);
    }
}
