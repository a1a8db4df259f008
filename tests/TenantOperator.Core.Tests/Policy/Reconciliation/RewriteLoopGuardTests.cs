using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

public class RewriteLoopGuardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly RewriteBackoff Backoff = RewriteBackoff.Default;
    private static readonly IReadOnlyDictionary<string, RewriteHistory> Nothing = new Dictionary<string, RewriteHistory>();

    private static TenantPlan PlanFor(string spec) => Plan([Tenant("team-a", spec, uid: "uid-a")], [Ns("web")]).Find("team-a")!;

    private static V1NetworkPolicy Copy(V1NetworkPolicy p) => ModelCopy.Of(p);

    private static V1NetworkPolicy DefaultDeny(TenantPlan plan) => plan.Policies.Single(p => p.Metadata.Name == WellKnown.DefaultDenyPolicy);

    // What a webhook that scopes every policy to labelled pods stores instead of the plan.
    private static V1NetworkPolicy Webhooked(V1NetworkPolicy desired)
    {
        var stored = Copy(desired);
        stored.Spec.PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["webhook.example.com/injected"] = "true" } };
        return stored;
    }

    private static PolicyWrite Update(V1NetworkPolicy desired) =>
        new(PolicyWriteKind.Update, "web", desired.Metadata.Name, desired, Webhooked(desired), IsDriftRepair: true);

    private static PolicyChangeSet Changes(params PolicyWrite[] writes) => new(writes, []);

    // One reconcile: hold back what waits, then write what is left and get back what the server stored.
    private static (PolicyChangeSet Applied, IReadOnlyDictionary<string, RewriteHistory> Histories, int NewLoops) Pass(
        PolicyChangeSet changes, IReadOnlyDictionary<string, RewriteHistory> histories, DateTimeOffset now, Func<V1NetworkPolicy, V1NetworkPolicy> server)
    {
        var (toApply, held) = RewriteLoopGuard.Hold(changes, histories, now);
        var after = RewriteLoopGuard.Record(held, toApply.Writes.Select(w => (w, server(w.Desired!))), now, Backoff, out var newLoops);
        return (toApply, after, newLoops);
    }

    // Writes the policy until the guard holds it back, each write rewritten.
    private static IReadOnlyDictionary<string, RewriteHistory> IntoALoop(V1NetworkPolicy desired)
    {
        var histories = Nothing;
        for (var i = 0; i < RewriteLoopGuard.MaxRewrittenWrites; i++)
        {
            histories = Pass(Changes(Update(desired)), histories, T0, Webhooked).Histories;
        }

        return histories;
    }

    [Fact]
    public void HoldingBack_KeepsTheOwnerAndTheReportsOfTheDiff()
    {
        // The applier refuses to update or delete without the owner's uid: a guard that dropped it would fail every write.
        var desired = DefaultDeny(PlanFor("namespaces: [web]"));
        var changes = Changes(Update(desired)) with { OwnerUid = "uid-a", Unowned = ["web/copied"], HeldByOtherTenants = ["web/tenant-isolation-dns"] };

        var (toApply, _) = RewriteLoopGuard.Hold(changes, IntoALoop(desired), T0);

        Assert.Empty(toApply.Writes);
        Assert.Equal("uid-a", toApply.OwnerUid);
        Assert.Equal(["web/copied"], toApply.Unowned);
        Assert.Equal(["web/tenant-isolation-dns"], toApply.HeldByOtherTenants);
    }

    [Fact]
    public void AWriteStoredAsPlanned_LeavesNoHistory()
    {
        var desired = DefaultDeny(PlanFor("namespaces: [web]"));
        var (applied, histories, newLoops) = Pass(Changes(Update(desired)), Nothing, T0, Copy);

        Assert.Single(applied.Writes);
        Assert.Empty(histories);
        Assert.Equal(0, newLoops);
        Assert.Null(RewriteLoopGuard.NextLook(histories, T0));
    }

    [Fact]
    public void ThreeRewrittenWritesOfTheSamePlan_MakeALoop_ThatWaitsOutTheBackoff()
    {
        var desired = DefaultDeny(PlanFor("namespaces: [web]"));
        var create = new PolicyWrite(PolicyWriteKind.Create, "web", desired.Metadata.Name, desired, null, false);

        var first = Pass(Changes(create), Nothing, T0, Webhooked);
        Assert.Empty(RewriteLoopGuard.Loops(first.Histories));
        Assert.Equal(T0, RewriteLoopGuard.NextLook(first.Histories, T0)); // at once: a no-op answer sends no watch event
        var second = Pass(Changes(Update(desired)), first.Histories, T0, Webhooked);
        Assert.Empty(RewriteLoopGuard.Loops(second.Histories));
        var third = Pass(Changes(Update(desired)), second.Histories, T0, Webhooked);

        Assert.Equal(1, third.NewLoops);
        var loop = Assert.Single(RewriteLoopGuard.Loops(third.Histories));
        Assert.Equal("web/tenant-isolation-default-deny (spec.podSelector.matchLabels[webhook.example.com/injected])", loop.ToString());
        Assert.Equal(T0.AddSeconds(30), RewriteLoopGuard.NextLook(third.Histories, T0));

        // Before the backoff ends the write is held back, and the loop is still reported.
        var held = Pass(Changes(Update(desired)), third.Histories, T0.AddSeconds(29), Webhooked);
        Assert.Empty(held.Applied.Writes);
        Assert.Single(RewriteLoopGuard.Loops(held.Histories));

        // Then one try; rewritten again, it waits twice as long, and counts as the same loop.
        var retried = Pass(Changes(Update(desired)), held.Histories, T0.AddSeconds(30), Webhooked);
        Assert.Single(retried.Applied.Writes);
        Assert.Equal(0, retried.NewLoops);
        Assert.Equal(T0.AddSeconds(90), RewriteLoopGuard.NextLook(retried.Histories, T0.AddSeconds(30)));
    }

    [Fact]
    public void ATryAfterTheBackoffThatSticks_EndsTheLoop()
    {
        var desired = DefaultDeny(PlanFor("namespaces: [web]"));
        var histories = IntoALoop(desired);

        Assert.Single(RewriteLoopGuard.Loops(histories));
        var recovered = Pass(Changes(Update(desired)), histories, T0.AddMinutes(1), Copy);
        Assert.Single(recovered.Applied.Writes);
        Assert.Empty(recovered.Histories);
    }

    [Fact]
    public void APassThatFindsThePolicyAsPlanned_ForgetsIt()
    {
        var desired = DefaultDeny(PlanFor("namespaces: [web]"));
        var histories = Pass(Changes(Update(desired)), Nothing, T0, Webhooked).Histories;
        Assert.Single(histories);

        var (toApply, kept) = RewriteLoopGuard.Hold(Changes(), histories, T0);
        Assert.Empty(toApply.Writes);
        Assert.Empty(kept);
    }

    [Fact]
    public void ANewPlanForThePolicy_StartsAfresh()
    {
        var old = DefaultDeny(PlanFor("namespaces: [web]"));
        var histories = IntoALoop(old);

        // Same policy, another plan for it (its content hash changed with the spec).
        var changed = Copy(old);
        changed.Metadata.Annotations[WellKnown.ContentHashAnnotation] = "another-plan";
        var next = Pass(Changes(Update(changed)), histories, T0.AddSeconds(1), Webhooked);

        Assert.Single(next.Applied.Writes);
        Assert.Equal(1, next.Histories.Values.Single().RewrittenWrites);
        Assert.Empty(RewriteLoopGuard.Loops(next.Histories));
    }

    [Fact]
    public void DeletesAndOtherPolicies_AreNeverHeld()
    {
        var plan = PlanFor("namespaces: [web]");
        var deny = DefaultDeny(plan);
        var histories = IntoALoop(deny);

        var dns = plan.Policies.Single(p => p.Metadata.Name == WellKnown.DnsPolicy);
        var delete = new PolicyWrite(PolicyWriteKind.Delete, "web", "tenant-isolation-egress-old", null, Copy(dns), false);
        var (toApply, _) = RewriteLoopGuard.Hold(Changes(Update(deny), Update(dns), delete), histories, T0.AddSeconds(1));

        Assert.Equal(["update web/tenant-isolation-dns", "delete web/tenant-isolation-egress-old"], toApply.Writes.Select(w => w.ToString()));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 300)]
    [InlineData(40, 300)]
    public void Backoff_DoublesUpToItsMaximum(int hold, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RewriteBackoff.Default.After(hold));

    [Fact]
    public void Backoff_RefusesAZeroWaitAndAMaximumBelowIt_NamingTheSetting()
    {
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new RewriteBackoff(TimeSpan.Zero, TimeSpan.FromMinutes(5)));
        Assert.StartsWith("RewriteBackoff: Invalid value: \"00:00:00\": must be more than 0", zero.Message);
        var below = Assert.Throws<ArgumentOutOfRangeException>(() => new RewriteBackoff(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)));
        Assert.StartsWith("RewriteBackoffMax: Invalid value: \"00:00:10\": must be at least RewriteBackoff (00:01:00)", below.Message);
    }

    [Fact]
    public void FieldDiff_NamesSpecFieldsAndOurMetadata_NotOthersLabels()
    {
        var desired = PlanFor("namespaces: [web]\ningress: [{name: api, from: [{namespaces: [gw]}], ports: [{port: 8080}]}]")
            .Policies.Single(p => p.Metadata.Name == "tenant-isolation-ingress-api");
        var stored = Copy(desired);
        stored.Spec.Ingress[0].Ports[0].Port = (IntOrString)8443;
        stored.Metadata.Labels[WellKnown.TenantLabel] = "team-b";
        stored.Metadata.Labels["added-by"] = "someone";
        stored.Metadata.Annotations.Remove(WellKnown.ContentHashAnnotation);

        Assert.Equal(
            ["spec.ingress[0].ports[0].port", "metadata.labels[isolation.tenantoperator.io/tenant]", "metadata.annotations[isolation.tenantoperator.io/content-hash]"],
            PolicyFieldDiff.Between(desired, stored));
    }

    [Fact]
    public void FieldDiff_AListOfAnotherLength_IsNamedAsAWhole()
    {
        var desired = DefaultDeny(PlanFor("namespaces: [web]"));
        var stored = Copy(desired);
        stored.Spec.PolicyTypes = ["Ingress"];
        Assert.Equal(["spec.policyTypes"], PolicyFieldDiff.Between(desired, stored));
    }
}
