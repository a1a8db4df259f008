using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>RBAC's rule matching, case by case from Kubernetes' evaluation_helpers.go.</summary>
public sealed class RuleMatchingTests
{
    private static readonly UserInfo Someone = UserInfo.Of("someone");

    public static TheoryData<string, string, bool> ResourceCases => new()
    {
        // rule (verbs|group|resources|names), request (verb|group|resource|subresource|name), allowed; "core" is the group ""
        { "get|core|pods|", "get|core|pods||p", true },
        { "get|core|pods|", "list|core|pods||", false },
        { "*|core|pods|", "deletecollection|core|pods||", true },
        { "get|apps|pods|", "get|core|pods||p", false },
        { "get|*|pods|", "get|apps|pods||p", true },
        { "get|core|*|", "get|core|secrets||s", true },
        { "get|core|*|", "get|core|pods|log|p", true },
        { "get|core|pods|", "get|core|pods|status|p", false },
        { "get|core|pods/status|", "get|core|pods|status|p", true },
        { "get|core|pods/status|", "get|core|pods||p", false },
        { "get|core|*/status|", "get|core|namespaces|status|n", true },
        { "get|core|*/status|", "get|core|namespaces||n", false },
        { "get|core|pods/*|", "get|core|pods|status|p", false },
        { "get|core|pods|a,b", "get|core|pods||b", true },
        { "get|core|pods|a,b", "get|core|pods||c", false },
        { "get|core|pods|a", "list|core|pods||", false },
    };

    [Theory]
    [MemberData(nameof(ResourceCases))]
    public void ResourceRule_MatchesAsKubernetesDoes(string rule, string request, bool allowed)
    {
        var r = rule.Split('|');
        var q = request.Split('|');
        var policy = new PolicyRule { Verbs = r[0].Split(','), ApiGroups = [Unquote(r[1])], Resources = r[2].Split(','), ResourceNames = r[3].Length == 0 ? [] : r[3].Split(',') };
        var attributes = new AuthorizationAttributes { User = Someone, Verb = q[0], IsResourceRequest = true, ApiGroup = Unquote(q[1]), Resource = q[2], Subresource = q[3], Name = q[4] };

        Assert.Equal(allowed, RuleMatching.Allows(policy, attributes));
    }

    [Theory]
    [InlineData("/healthz", "/healthz", true)]
    [InlineData("/healthz", "/healthz/etcd", false)]
    [InlineData("/healthz/*", "/healthz/etcd", true)]
    [InlineData("/healthz*", "/healthzzz", true)]
    [InlineData("*", "/anything", true)]
    [InlineData("/api/*", "/apis", false)]
    public void NonResourceRule_MatchesAPathOrAPrefixEndingInAStar(string url, string path, bool allowed)
    {
        var policy = new PolicyRule { Verbs = ["get"], NonResourceUrls = [url] };

        Assert.Equal(allowed, RuleMatching.Allows(policy, new AuthorizationAttributes { User = Someone, Verb = "get", Path = path }));
        Assert.False(RuleMatching.Allows(policy, new AuthorizationAttributes { User = Someone, Verb = "post", Path = path }));
    }

    [Fact]
    public void NonResourceRule_NeverMatchesAResourceRequest()
    {
        var policy = new PolicyRule { Verbs = ["*"], NonResourceUrls = ["*"] };

        Assert.False(RuleMatching.Allows(policy, new AuthorizationAttributes { User = Someone, Verb = "get", IsResourceRequest = true, Resource = "pods" }));
    }

    private static string Unquote(string value) => value == "core" ? string.Empty : value;
}
