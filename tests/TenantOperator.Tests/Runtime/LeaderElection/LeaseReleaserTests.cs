using System.Net;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.LeaderElection;

namespace TenantOperator.Tests.Runtime.LeaderElection;

public sealed class LeaseReleaserTests
{
    private static string Lease(string holder) => $$$"""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"tenant-operator","namespace":"ops","resourceVersion":"42"},
         "spec":{"holderIdentity":"{{{holder}}}","leaseDurationSeconds":15,"acquireTime":"2026-01-01T00:00:00.000000Z","renewTime":"2026-01-01T00:00:10.000000Z","leaseTransitions":3}}
        """;

    private readonly LeaderElectionOptions _options = new() { LeaseName = "tenant-operator", LeaseNamespace = "ops", Identity = "pod-a" };

    [Fact]
    public async Task HeldLease_IsHandedBackWithAnEmptyHolderAndOneSecondDuration_AtTheReadVersion()
    {
        var http = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, Lease("pod-a")).Respond(HttpStatusCode.OK, Lease(""));
        using var client = http.Client();

        var released = await new LeaseReleaser(client, _options, new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:12Z"))).ReleaseAsync(default);

        Assert.True(released);
        Assert.Equal(("PUT", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/tenant-operator"), (http.Requests[1].Method, http.Requests[1].PathAndQuery));
        var body = http.Requests[1].Body!;
        Assert.Contains("\"holderIdentity\":\"\"", body);
        Assert.Contains("\"leaseDurationSeconds\":1", body);
        Assert.Contains("\"resourceVersion\":\"42\"", body);
        Assert.Contains("\"leaseTransitions\":3", body);
        Assert.Contains("\"renewTime\":\"2026-01-01T00:00:12", body);
    }

    [Fact]
    public async Task LeaseHeldBySomeoneElse_IsLeftAlone()
    {
        var http = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, Lease("pod-b"));
        using var client = http.Client();

        Assert.False(await new LeaseReleaser(client, _options).ReleaseAsync(default));
        Assert.Single(http.Requests);
    }
}
