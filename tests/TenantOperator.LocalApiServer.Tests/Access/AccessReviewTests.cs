using k8s;
using k8s.Models;
using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Support.AccessRequests;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview, through
/// KubernetesClient's typed API as a program would ask.</summary>
public sealed class AccessReviewTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SelfSubjectAccessReview_AnswersForTheCaller_WithTheRuleThatAllows()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.GrantInNamespaceAsync("a", "reader", """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["list"]}]""");
        using var client = ServerClients.Kubernetes(_h.Server, token);

        var allowed = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(Review("a", "list", "configmaps"));
        var denied = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(Review("b", "list", "configmaps"));

        Assert.True(allowed.Status.Allowed);
        Assert.Equal("RBAC: allowed by RoleBinding \"reader/a\" of Role \"reader\" to ServiceAccount \"reader/a\"", allowed.Status.Reason);
        Assert.False(denied.Status.Allowed);
        Assert.Null(denied.Status.Reason);
    }

    [Fact]
    public async Task SubjectAccessReview_AsksForTheUserAndGroupsGiven()
    {
        var alice = await _h.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { User = "alice", ResourceAttributes = new V1ResourceAttributes { Verb = "list", Resource = "secrets" } },
        });
        var master = await _h.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { User = "bob", Groups = ["system:masters"], ResourceAttributes = new V1ResourceAttributes { Verb = "list", Resource = "secrets" } },
        });
        var discovery = await _h.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { User = "carol", Groups = ["system:authenticated"], NonResourceAttributes = new V1NonResourceAttributes { Verb = "get", Path = "/apis/apps" } },
        });

        Assert.False(alice.Status.Allowed);
        Assert.True(master.Status.Allowed);
        Assert.True(discovery.Status.Allowed);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\" to Group \"system:authenticated\"", discovery.Status.Reason);
    }

    [Fact]
    public async Task SubjectAccessReview_WithoutSubjectOrAttributes_Is422()
    {
        var (code, body, _) = await _h.PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{}}""");

        Assert.Equal(422, code);
        Assert.Equal(
            "SubjectAccessReview.authorization.k8s.io \"\" is invalid: [spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: \"\": at least one of user or group must be specified]",
            (string?)body["message"]);
    }

    [Fact]
    public async Task LocalSubjectAccessReview_IsAboutItsNamespace()
    {
        await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.GrantInNamespaceAsync("a", "reader", """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["list"]}]""");

        var review = await _h.Client.AuthorizationV1.CreateNamespacedLocalSubjectAccessReviewAsync(new V1LocalSubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "system:serviceaccount:a:reader",
                ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = "a", Verb = "list", Resource = "configmaps" },
            },
        }, "a");
        var (code, body, _) = await _h.PostAsync("/apis/authorization.k8s.io/v1/namespaces/a/localsubjectaccessreviews",
            """{"spec":{"user":"x","resourceAttributes":{"namespace":"b","verb":"list","resource":"configmaps"}}}""");

        Assert.True(review.Status.Allowed);
        Assert.Equal(422, code);
        Assert.Equal("LocalSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes.namespace: Invalid value: \"b\": must match metadata.namespace", (string?)body["message"]);
    }

    [Fact]
    public async Task SelfSubjectRulesReview_ListsTheCallersRulesInANamespace()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.GrantInNamespaceAsync("a", "reader", """[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["settings"],"verbs":["get"]}]""");
        using var client = ServerClients.Kubernetes(_h.Server, token);

        var rules = await client.AuthorizationV1.CreateSelfSubjectRulesReviewAsync(new V1SelfSubjectRulesReview { Spec = new V1SelfSubjectRulesReviewSpec { NamespaceProperty = "a" } });

        Assert.False(rules.Status.Incomplete);
        Assert.Contains(rules.Status.ResourceRules, r => r.Resources.SequenceEqual(["configmaps"]) && r.ResourceNames.SequenceEqual(["settings"]) && r.Verbs.SequenceEqual(["get"]));
        Assert.Contains(rules.Status.ResourceRules, r => r.Resources.SequenceEqual(["selfsubjectaccessreviews", "selfsubjectrulesreviews"]));
        Assert.Contains(rules.Status.NonResourceRules, r => r.NonResourceURLs.Contains("/api/*"));
    }

    [Fact]
    public async Task SubjectAccessReviews_NeedTheirOwnPermission()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "nobody");

        var (code, body) = await _h.PostAsAsync(token, "/apis/authorization.k8s.io/v1/subjectaccessreviews", """{"spec":{"user":"x","nonResourceAttributes":{"path":"/","verb":"get"}}}""");

        Assert.Equal(403, code);
        Assert.Equal("subjectaccessreviews.authorization.k8s.io is forbidden: User \"system:serviceaccount:a:nobody\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope", (string?)body["message"]);
    }

    private static V1SelfSubjectAccessReview Review(string ns, string verb, string resource) => new()
    {
        Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = ns, Verb = verb, Resource = resource } },
    };
}
