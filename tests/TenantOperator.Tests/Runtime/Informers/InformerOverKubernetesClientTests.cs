using System.Net;
using TenantOperator.Api;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Informers;

/// <summary>The informer on the real KubernetesClient source, with the API server's answers scripted at the HTTP level.</summary>
public sealed class InformerOverKubernetesClientTests
{
    private const string Item = """{"apiVersion":"isolation.tenantoperator.io/v1alpha1","kind":"TenantIsolation","metadata":{"name":"NAME","resourceVersion":"RV","uid":"u-NAME"},"spec":{"namespaces":["NAME-ns"]}}""";

    private static string Ti(string name, string rv) => Item.Replace("NAME", name, StringComparison.Ordinal).Replace("RV", rv, StringComparison.Ordinal);

    [Fact]
    public async Task TenantIsolations_AreListedWatchedAndRelistedAfterAnInStream410()
    {
        var time = new TimerAwareFakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var http = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.OK, $$"""{"kind":"TenantIsolationList","apiVersion":"isolation.tenantoperator.io/v1alpha1","metadata":{"resourceVersion":"10"},"items":[{{Ti("team-a", "5")}},{{Ti("team-b", "6")}}]}""")
            .RespondStream(
                $$"""{"type":"ADDED","object":{{Ti("team-c", "11")}}}""",
                """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}}""")
            .Respond(HttpStatusCode.OK, $$"""{"kind":"TenantIsolationList","apiVersion":"isolation.tenantoperator.io/v1alpha1","metadata":{"resourceVersion":"20"},"items":[{{Ti("team-a", "5")}},{{Ti("team-c", "12")}}]}""");
        using var client = http.Client();
        var informer = new ResourceInformer<TenantIsolation>(KubernetesListWatchSources.ClusterCustomResources<TenantIsolation>(client), timeProvider: time, random: () => 0);
        var seen = new List<string>();
        informer.AddHandler(new ResourceEventHandler<TenantIsolation>(
            a => seen.Add($"add {a.Metadata.Name}"), (o, n) => seen.Add($"update {n.Metadata.Name}"), d => seen.Add($"delete {d.Metadata.Name}")));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await Eventually.True(() => http.RequestCount == 2, "listed and watching");
        await time.FireAsync(TimeSpan.FromMilliseconds(800), "the backoff before the re-list");
        await Eventually.True(() => informer.LastResourceVersion == "20", "re-listed");
        await stop.CancelAsync();
        await run;

        Assert.Equal(["add team-a", "add team-b", "add team-c", "delete team-b", "update team-c"], seen);
        Assert.Equal(["team-a-ns"], informer.Cache.Get("team-a")!.Spec.Namespaces);
        Assert.StartsWith("/apis/isolation.tenantoperator.io/v1alpha1/tenantisolations?", http.Requests[1].PathAndQuery);
    }
}
