using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Api;
using TenantOperator.Controller;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Tests.Controller;

public sealed class WriteExpectationsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly Kubernetes _client = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
    private readonly ClusterCaches _caches;
    private readonly WriteExpectations _expectations;

    public WriteExpectationsTests()
    {
        _caches = new ClusterCaches(_client, new RuntimeMetrics(), _time, NullLoggerFactory.Instance);
        _expectations = new WriteExpectations(_caches, _time);
    }

    [Fact]
    public void AfterACreate_TheCacheIsBehindUntilItHoldsThePolicy()
    {
        _expectations.ExpectPolicies("team-a", [new PolicyWrite(PolicyWriteKind.Create, "web", "deny", Policy("web", "deny", "1"), null, false)]);
        Assert.True(_expectations.CacheIsBehind("team-a"));

        _caches.Policies.Cache.Upsert(Policy("web", "deny", "2"));

        Assert.False(_expectations.CacheIsBehind("team-a"));
    }

    [Fact]
    public void AfterAnUpdateOrDelete_TheCacheIsBehindWhileItShowsTheReplacedVersion()
    {
        _caches.Policies.Cache.Upsert(Policy("web", "dns", "5"));
        _caches.Policies.Cache.Upsert(Policy("web", "old", "6"));
        _expectations.ExpectPolicies("team-a",
        [
            new PolicyWrite(PolicyWriteKind.Update, "web", "dns", Policy("web", "dns", null), Policy("web", "dns", "5"), false),
            new PolicyWrite(PolicyWriteKind.Delete, "web", "old", null, Policy("web", "old", "6"), false),
        ]);

        _caches.Policies.Cache.Upsert(Policy("web", "dns", "7"));
        Assert.True(_expectations.CacheIsBehind("team-a")); // the delete is not seen yet

        _caches.Policies.Cache.Remove("web/old");
        Assert.False(_expectations.CacheIsBehind("team-a"));
    }

    [Fact]
    public void AfterAStatusWrite_TheCacheIsBehindWhileTheTenantHasTheVersionItReplaced()
    {
        _caches.Tenants.Cache.Upsert(Tenant("team-a", "10"));
        _expectations.ExpectStatus("team-a", "10");
        Assert.True(_expectations.CacheIsBehind("team-a"));

        _caches.Tenants.Cache.Upsert(Tenant("team-a", "11"));

        Assert.False(_expectations.CacheIsBehind("team-a"));
    }

    [Fact]
    public void AnExpectation_LapsesAfterItsLifetime()
    {
        _expectations.ExpectPolicies("team-a", [new PolicyWrite(PolicyWriteKind.Create, "web", "deny", Policy("web", "deny", "1"), null, false)]);

        _time.Advance(WriteExpectations.Lifetime);

        Assert.False(_expectations.CacheIsBehind("team-a"));
    }

    [Fact]
    public void OtherTenants_AreNotHeldUp()
    {
        _expectations.ExpectStatus("team-a", "10");
        Assert.False(_expectations.CacheIsBehind("team-b"));
    }

    public void Dispose() => _client.Dispose();

    private static V1NetworkPolicy Policy(string ns, string name, string? resourceVersion) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion },
    };

    private static TenantIsolation Tenant(string name, string resourceVersion) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = resourceVersion },
    };
}
