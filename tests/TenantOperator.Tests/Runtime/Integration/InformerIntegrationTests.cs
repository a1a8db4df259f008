using k8s;
using k8s.Models;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// The informers on the real KubernetesClient against a LocalKubernetesApiServer over HTTP: list, watch,
/// resume after dropped watches, re-list after 410, paging, and many reconnects.
/// </summary>
public sealed class InformerIntegrationTests
{
    private static readonly string[] Resources = ["namespaces", "networkpolicies", "tenantisolations"];

    [Fact]
    public async Task Informers_ListThenWatch_DeliveringCreateUpdateAndDeleteOfEachResource()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        await cluster.CreateNamespaceAsync("team-a");
        await cluster.CreatePolicyAsync("team-a", "existing");
        await cluster.CreateTenantAsync("existing", "team-a");

        await using var informers = new InformerSet(cluster);
        await informers.WaitForSyncAsync();
        await InformerSet.WaitForWatchesAsync(cluster);

        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system", "team-a"], informers.Namespaces.Cache.List().Select(n => n.Name()).Order());
        var cachedPolicy = Assert.Single(informers.Policies.Cache.List());
        Assert.Equal(("team-a", "existing", "NetworkPolicy"), (cachedPolicy.Namespace(), cachedPolicy.Name(), cachedPolicy.Kind));
        Assert.Equal("web", cachedPolicy.Spec.Ingress[0].FromProperty[0].PodSelector.MatchLabels["app"]);
        var cachedTenant = Assert.Single(informers.Tenants.Cache.List());
        Assert.Equal(["team-a"], cachedTenant.Spec.Namespaces);
        Assert.Equal(("isolation.tenantoperator.io/v1alpha1", "TenantIsolation"), (cachedTenant.ApiVersion, cachedTenant.Kind));
        Assert.Equal(["add existing"], informers.TenantEvents.Lines);
        Assert.Equal(["add team-a/existing"], informers.PolicyEvents.Lines);
        var mark = informers.Mark();

        await cluster.CreateNamespaceAsync("team-b");
        await cluster.LabelNamespaceAsync("team-b", "tenant", "b");
        await Eventually.True(() => informers.Namespaces.Cache.Get("team-b")?.Labels()?.ContainsKey("tenant") == true, "the label in the namespace cache");
        await cluster.DeleteNamespaceAndWaitAsync("team-b");

        await cluster.CreatePolicyAsync("team-a", "web");
        var changed = await cluster.ChangePolicyAsync("team-a", "web");
        await Eventually.True(() => informers.Policies.Cache.Get("team-a", "web")?.ResourceVersion() == changed.ResourceVersion(), "the changed policy in the cache");
        Assert.Equal("8000", informers.Policies.Cache.Get("team-a", "web")!.Spec.Ingress[0].Ports[0].Port.Value);
        await cluster.DeletePolicyAsync("team-a", "web");

        await cluster.CreateTenantAsync("team-b", "team-b");
        await cluster.ChangeTenantAsync("team-b", "team-b", "team-c");
        await Eventually.True(() => informers.Tenants.Cache.Get("team-b")?.Spec.Namespaces?.Count == 2, "the changed tenant in the cache");
        await cluster.DeleteTenantAsync("team-b");

        foreach (var resource in Resources)
        {
            Assert.True(cluster.Server.Counters.Count("list", resource) == 1, $"{resource} listed more than once: {Requests(cluster)}");
        }

        await informers.WaitUntilCachesMatchAsync(cluster);
        Assert.Equal(["add team-a/web", "update team-a/web", "delete team-a/web"], informers.PolicyEvents.Since(mark.Policies));
        Assert.Equal(["add team-b", "update team-b", "delete team-b"], informers.TenantEvents.Since(mark.Tenants));

        // Deleting a namespace runs through Terminating (updates) before it is gone.
        Assert.Equal(["add team-b", "update team-b", "delete team-b"], informers.NamespaceEvents.Since(mark.Namespaces).Distinct());
        Assert.Equal("delete team-b", informers.NamespaceEvents.Lines[^1]);
        Assert.All(Resources, r => Assert.Equal(1, informers.Lists(r)));

        // The tenant's deletion was the cluster's last change: its informer's resume point is the cluster's resourceVersion.
        Assert.Equal(cluster.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), informers.Tenants.LastResourceVersion);
    }

    [Fact]
    public async Task DroppedWatches_ResumeFromTheLastResourceVersion_WithoutAListAndWithoutMissingAnEvent()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        await SeedAsync(cluster);
        await using var informers = new InformerSet(cluster);
        await informers.WaitForSyncAsync();
        await InformerSet.WaitForWatchesAsync(cluster);

        // A drop with nothing changed meanwhile: the informers reconnect by themselves.
        var watchesBefore = WatchRequests(cluster);
        var answeredWatchesBefore = AnsweredWatches(informers);
        Assert.Equal(3, cluster.Server.Faults.DropAllWatches());
        // The client logs a watch when its response headers arrive, which can be after the server counts it open:
        // wait for both sides, so the new watches are not taken for requests of the next step.
        await Eventually.True(() => WatchRequests(cluster) >= watchesBefore + 3 && cluster.Server.OpenWatches == 3
            && AnsweredWatches(informers) >= answeredWatchesBefore + 3, "three new watches after the drop");

        // Now keep them away (every watch attempt fails) while the cluster changes, then let them back.
        var mark = informers.Mark();
        var requestsBefore = informers.Requests.Requests.Count;
        var resumePoints = (informers.Namespaces.LastResourceVersion, informers.Policies.LastResourceVersion, informers.Tenants.LastResourceVersion);
        cluster.Server.Faults.FailNext("watch", "*", int.MaxValue, FaultKind.InternalError);
        Assert.Equal(3, cluster.Server.Faults.DropAllWatches());
        await ChangeEverythingAsync(cluster);
        await Eventually.True(() => Resources.All(r => cluster.Server.Counters.Count("watch", r, 500) > 0), "every informer was refused at least once");
        cluster.Server.Faults.Clear();

        await Eventually.True(() => informers.PolicyEvents.Contains("delete keep/p-gone") && informers.TenantEvents.Contains("delete t-gone")
            && informers.NamespaceEvents.Contains("delete gone"), "the changes made while disconnected");
        foreach (var resource in Resources)
        {
            Assert.True(cluster.Server.Counters.Count("list", resource) == 1, $"{resource} was listed again after a dropped watch");
        }

        await informers.WaitUntilCachesMatchAsync(cluster);

        // Resumed from history: every change, in the order it happened.
        Assert.Equal(["add keep/p-new", "update keep/p-old", "delete keep/p-gone"], informers.PolicyEvents.Since(mark.Policies));
        Assert.Equal(["add t-new", "update t-old", "delete t-gone"], informers.TenantEvents.Since(mark.Tenants));
        Assert.Equal(["add new", "update keep", "update gone", "delete gone"], informers.NamespaceEvents.Since(mark.Namespaces).Distinct());

        // Every attempt while away, and the one that got through, asked to resume from where the informer was.
        var watches = informers.Requests.Requests.Skip(requestsBefore).Where(r => r.Verb == "watch").ToList();
        AssertResumedFrom(watches, "namespaces", resumePoints.Item1);
        AssertResumedFrom(watches, "networkpolicies", resumePoints.Item2);
        AssertResumedFrom(watches, "tenantisolations", resumePoints.Item3);
        Assert.All(Resources, r => Assert.Equal(1, informers.Lists(r)));
        AssertBackoffBetweenRefusals(watches.Where(w => w.Path.EndsWith("/namespaces", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public async Task CompactedHistory_AnswersTheResumedWatchWith410_AndTheRelistDeliversOnlyTheDifferences()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        await SeedAsync(cluster);
        await using var informers = new InformerSet(cluster);
        await informers.WaitForSyncAsync();
        await InformerSet.WaitForWatchesAsync(cluster);
        var mark = informers.Mark();

        cluster.Server.Faults.FailNext("watch", "*", int.MaxValue, FaultKind.InternalError);
        Assert.Equal(3, cluster.Server.Faults.DropAllWatches());
        await ChangeEverythingAsync(cluster);
        cluster.Server.Faults.CompactHistory();
        cluster.Server.Faults.Clear();

        await Eventually.True(() => Resources.All(r => cluster.Server.Counters.Count("list", r) == 2), "a second list of every resource");
        await Eventually.True(() => informers.TenantEvents.Contains("delete t-gone") && informers.PolicyEvents.Contains("delete keep/p-gone")
            && informers.NamespaceEvents.Contains("delete gone"), "the differences");
        Assert.All(Resources, r => Assert.Equal(2, cluster.Server.Counters.Count("list", r)));
        await informers.WaitUntilCachesMatchAsync(cluster);

        // The re-list is compared with the cache: unchanged objects ("keep", p-old's neighbours) produce nothing.
        Assert.Equal(["add keep/p-new", "delete keep/p-gone", "update keep/p-old"], informers.PolicyEvents.Since(mark.Policies).Order());
        Assert.Equal(["add t-new", "delete t-gone", "update t-old"], informers.TenantEvents.Since(mark.Tenants).Order());
        Assert.Equal(["add new", "delete gone", "update keep"], informers.NamespaceEvents.Since(mark.Namespaces).Order());
        Assert.All(Resources, r => Assert.Equal(2, informers.Lists(r)));

        // The second list came from a 410 (reported as an expired watch), once per informer.
        var metrics = await informers.Metrics.ExportAsTextAsync();
        Assert.All(Resources, r => Assert.Contains($"tenant_operator_informer_watch_ends_total{{resource=\"{r}\",reason=\"expired\"}} 1\n", metrics, StringComparison.Ordinal));
        Assert.All(Resources, r => Assert.Contains($"tenant_operator_informer_lists_total{{resource=\"{r}\"}} 2\n", metrics, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bookmarks_MoveAQuietInformersResumePoint_SoACompactionDoesNotForceARelist()
    {
        await using var cluster = await LocalCluster.StartAsync(bookmarkInterval: TimeSpan.FromMilliseconds(100));
        await cluster.InstallTenantCrdAsync();
        await cluster.CreateTenantAsync("t-quiet", "a");
        await using var informers = new InformerSet(cluster);
        await informers.WaitForSyncAsync();
        await InformerSet.WaitForWatchesAsync(cluster);
        var tenantVersion = informers.Tenants.LastResourceVersion;

        // Changes elsewhere move the cluster's resourceVersion; the quiet tenant informer learns it from bookmarks.
        for (var i = 0; i < 5; i++)
        {
            await cluster.CreateNamespaceAsync($"busy-{i}");
        }

        var now = cluster.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.True(() => informers.Tenants.LastResourceVersion == now && informers.Policies.LastResourceVersion == now, "bookmarks at the current resourceVersion");
        Assert.NotEqual(tenantVersion, informers.Tenants.LastResourceVersion);

        cluster.Server.Faults.CompactHistory();
        var watchesBefore = WatchRequests(cluster);
        cluster.Server.Faults.DropAllWatches();
        await Eventually.True(() => WatchRequests(cluster) >= watchesBefore + 3 && cluster.Server.OpenWatches == 3, "three new watches after the drop");
        await cluster.CreateTenantAsync("t-after", "b");
        await Eventually.True(() => informers.TenantEvents.Contains("add t-after"), "the new tenant through the resumed watch");

        foreach (var resource in Resources)
        {
            Assert.True(cluster.Server.Counters.Count("list", resource) == 1, $"{resource} was listed again although its resume point was current");
        }

        Assert.Equal(["add t-quiet", "add t-after"], informers.TenantEvents.Lines);
    }

    [Fact]
    public async Task ServerSideWatchTimeouts_EndTheStreams_AndTheInformersResumeWithoutAList()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();

        // Each watch asks the server to close it after 1 or 2 seconds (timeoutSeconds), empty or not.
        await using var informers = new InformerSet(cluster, InformerSet.FastReconnects with { MinWatchTimeout = TimeSpan.FromSeconds(1) });
        await informers.WaitForSyncAsync();
        await Eventually.True(() => Resources.All(r => cluster.Server.Counters.Count("watch", r, 200) >= 1), "a first watch of each resource timed out");
        await cluster.CreateNamespaceAsync("after-first-timeout");
        await Eventually.True(() => Resources.All(r => cluster.Server.Counters.Count("watch", r, 200) >= 2), "a second watch of each resource timed out");
        await cluster.CreateTenantAsync("after-second-timeout", "a");
        await Eventually.True(() => informers.NamespaceEvents.Contains("add after-first-timeout") && informers.TenantEvents.Contains("add after-second-timeout"),
            "the changes between the timeouts");

        Assert.All(Resources, r => Assert.Equal(1, cluster.Server.Counters.Count("list", r)));
        var watches = informers.Requests.Requests.Where(r => r.Verb == "watch").ToList();
        Assert.All(watches, w => Assert.Contains(w.Query["timeoutSeconds"], new[] { "1", "2" }));
        Assert.All(watches, w => Assert.Equal("true", w.Query["allowWatchBookmarks"]));
        Assert.All(watches, w => Assert.False(string.IsNullOrEmpty(w.Query["resourceVersion"]), "a watch without a resourceVersion would replay everything"));
    }

    [Fact]
    public async Task SmallPages_ListEveryObjectExactlyOnce_WhileObjectsChangeBetweenPages()
    {
        const int PerNamespace = 80;
        await using var cluster = await LocalCluster.StartAsync();
        string[] namespaces = ["pg-a", "pg-b", "pg-c"];
        foreach (var ns in namespaces)
        {
            await cluster.CreateNamespaceAsync(ns);
        }

        await Parallel.ForEachAsync(
            namespaces.SelectMany(ns => Enumerable.Range(0, PerNamespace).Select(i => (ns, i))),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (p, _) => await cluster.CreatePolicyAsync(p.ns, $"p-{p.i:D3}"));

        // Pages of 25 over 240 policies, each page answered slowly so that writes land between pages.
        cluster.Server.Faults.Delay("list", "networkpolicies", TimeSpan.FromMilliseconds(40));
        var policies = new ResourceInformer<V1NetworkPolicy>(
            KubernetesListWatchSources.NetworkPolicies(cluster.NewClient(new())), InformerSet.FastReconnects with { PageSize = 25 });
        var events = new EventLog<V1NetworkPolicy>();
        policies.AddHandler(events);
        using var stop = new CancellationTokenSource();
        var run = policies.RunAsync(stop.Token);

        await Eventually.True(() => cluster.Server.Counters.Count("list", "networkpolicies") >= 1, "the first page");
        for (var i = 0; i < 5; i++)
        {
            await cluster.CreatePolicyAsync("pg-a", $"late-{i}");
            await cluster.DeletePolicyAsync("pg-b", $"p-{i:D3}");
        }

        await Eventually.True(() => policies.HasSynced, "the paged list");
        await Eventually.True(() => policies.Cache.Count == 3 * PerNamespace && policies.Cache.Get("pg-a", "late-4") is not null, "the changes made during the list");
        await stop.CancelAsync();
        await run;

        // A paged list is one snapshot: always 240 objects there, so always 10 pages, and nothing delivered twice.
        Assert.Equal(10, cluster.Server.Counters.Count("list", "networkpolicies"));
        var adds = events.Lines.Where(l => l.StartsWith("add ", StringComparison.Ordinal)).ToList();
        Assert.Equal(adds.Count, adds.Distinct().Count());
        Assert.Equal(3 * PerNamespace + 5, adds.Count);
        var server = await cluster.Client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync();
        Assert.Equal(server.Items.Select(p => $"{p.Namespace()}/{p.Name()}@{p.ResourceVersion()}").Order(),
            policies.Cache.List().Select(p => $"{p.Namespace()}/{p.Name()}@{p.ResourceVersion()}").Order());
    }

    [Fact]
    public async Task ManyReconnectsAndRelists_KeepOneWatchPerInformer_AndTheCacheAndIndexAtTheLiveSize()
    {
        const int Rounds = 30;
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        await cluster.CreateNamespaceAsync("churn");
        await using var informers = new InformerSet(cluster);
        informers.Policies.Cache.AddIndex("round", p => p.Labels() is { } l && l.TryGetValue("round", out var r) ? [r] : []);
        await informers.WaitForSyncAsync();
        await InformerSet.WaitForWatchesAsync(cluster);
        var relists = 0;

        for (var round = 0; round < Rounds; round++)
        {
            var expired = round % 10 == 9;
            if (expired)
            {
                cluster.Server.Faults.FailNext("watch", "*", int.MaxValue, FaultKind.InternalError);
            }

            var finishedWatches = WatchRequests(cluster);
            cluster.Server.Faults.DropAllWatches();
            await cluster.CreatePolicyAsync("churn", $"p-{round}", new Dictionary<string, string> { ["round"] = $"{round}" });
            await cluster.CreateTenantAsync($"t-{round}", "churn");
            await cluster.LabelNamespaceAsync("churn", "round", $"{round}");
            if (round >= 3)
            {
                await cluster.DeletePolicyAsync("churn", $"p-{round - 3}");
                await cluster.DeleteTenantAsync($"t-{round - 3}");
            }

            if (expired)
            {
                cluster.Server.Faults.CompactHistory();
                cluster.Server.Faults.Clear();
                relists++;
            }

            var live = Math.Min(round + 1, 3);
            await Eventually.True(
                () => informers.Policies.Cache.Get("churn", $"p-{round}") is not null && informers.Policies.Cache.Count == live
                    && informers.Tenants.Cache.Count == live && informers.Namespaces.Cache.Get("churn")?.Labels() is { } labels
                    && labels.TryGetValue("round", out var seen) && seen == $"{round}",
                $"round {round} in the caches");
            Assert.Equal(live, informers.Policies.Cache.IndexValues("round").Count);

            // The dropped watches are over and each informer has its one new watch (after a re-list, it opens it after the cache is filled).
            await Eventually.True(() => WatchRequests(cluster) >= finishedWatches + 3 && cluster.Server.OpenWatches == 3, $"round {round}: one new watch per informer");
        }

        await Eventually.True(() => cluster.Server.OpenWatches == 3, "exactly one open watch per informer");
        Assert.All(Resources, r => Assert.Equal(1 + relists, cluster.Server.Counters.Count("list", r)));
        await informers.WaitUntilCachesMatchAsync(cluster);
        Assert.All(Resources, r => Assert.Equal(1 + relists, informers.Lists(r)));

        Assert.True(WatchRequests(cluster) >= 3 * Rounds, $"only {WatchRequests(cluster)} watches ended in {Rounds} rounds of drops");
        Assert.Equal(["churn/p-27", "churn/p-28", "churn/p-29"], informers.Policies.Cache.List().Select(ObjectKey.Of).Order());
        Assert.Equal(["27", "28", "29"], informers.Policies.Cache.IndexValues("round").Order());
        Assert.Equal(Rounds, informers.PolicyEvents.Lines.Count(l => l.StartsWith("add ", StringComparison.Ordinal)));
        Assert.Equal(Rounds - 3, informers.PolicyEvents.Lines.Count(l => l.StartsWith("delete ", StringComparison.Ordinal)));
    }

    private static int AnsweredWatches(InformerSet informers) => informers.Requests.Requests.Count(r => r.Verb == "watch" && r.Code == 200);

    private static void AssertResumedFrom(IReadOnlyList<LoggedRequest> watches, string resource, string? resourceVersion)
    {
        var mine = watches.Where(w => w.Path.EndsWith("/" + resource, StringComparison.Ordinal)).ToList();
        Assert.True(mine.Count >= 2, $"expected refused watches and a resumed one for {resource}, saw {mine.Count}");
        Assert.All(mine, w => Assert.Equal(resourceVersion, w.Query["resourceVersion"]));
        Assert.Equal(500, mine[0].Code);
        Assert.Equal(200, mine[^1].Code);
    }

    // Reconnects after failures are spaced by the backoff: the k-th refusal is followed by at least
    // min(20 ms * 2^(k-1), 200 ms) less half for jitter. Lower bounds only: a slow machine waits longer, never shorter.
    private static void AssertBackoffBetweenRefusals(IReadOnlyList<LoggedRequest> watches)
    {
        var options = InformerSet.FastReconnects;
        for (var k = 1; k < watches.Count; k++)
        {
            if (watches[k - 1].Code != 500)
            {
                continue;
            }

            var backoff = TimeSpan.FromTicks(Math.Min(options.ReconnectInitialDelay.Ticks << Math.Min(k - 1, 20), options.ReconnectMaxDelay.Ticks));
            var gap = watches[k].Sent - watches[k - 1].Answered;
            Assert.True(gap >= backoff * (1 - options.ReconnectJitter) - TimeSpan.FromMilliseconds(2),
                $"reconnect {k} came {gap.TotalMilliseconds} ms after a refusal; the backoff allows no less than {(backoff * (1 - options.ReconnectJitter)).TotalMilliseconds} ms");
        }
    }

    private static string Requests(LocalCluster cluster) => string.Join(", ", cluster.Server.Counters.Snapshot());

    private static long WatchRequests(LocalCluster cluster) => Resources.Sum(r => cluster.Server.Counters.Count("watch", r));

    // Namespaces keep and gone, policies p-old and p-gone in keep, tenants t-old and t-gone.
    private static async Task SeedAsync(LocalCluster cluster)
    {
        await cluster.CreateNamespaceAsync("keep");
        await cluster.CreateNamespaceAsync("gone");
        await cluster.CreatePolicyAsync("keep", "p-old");
        await cluster.CreatePolicyAsync("keep", "p-gone");
        await cluster.CreatePolicyAsync("keep", "p-same");
        await cluster.CreateTenantAsync("t-old", "keep");
        await cluster.CreateTenantAsync("t-gone", "gone");
        await cluster.CreateTenantAsync("t-same", "keep");
    }

    // One create, one update and one delete of each resource.
    private static async Task ChangeEverythingAsync(LocalCluster cluster)
    {
        await cluster.CreateNamespaceAsync("new");
        await cluster.LabelNamespaceAsync("keep", "changed", "yes");
        await cluster.DeleteNamespaceAndWaitAsync("gone");
        await cluster.CreatePolicyAsync("keep", "p-new");
        await cluster.ChangePolicyAsync("keep", "p-old");
        await cluster.DeletePolicyAsync("keep", "p-gone");
        await cluster.CreateTenantAsync("t-new", "new");
        await cluster.ChangeTenantAsync("t-old", "keep", "new");
        await cluster.DeleteTenantAsync("t-gone");
    }
}
