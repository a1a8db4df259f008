using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

public class TenantStatusCalculatorTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, 500, DateTimeKind.Utc);

    private static TenantPlan PlanFor(string spec, IEnumerable<NamespaceInfo>? namespaces = null, params TenantIsolation[] others)
    {
        var tenant = Tenant("team-a", spec, createdDay: 5);
        tenant.Metadata.Generation = 7;
        return Plan([tenant, .. others], namespaces ?? [Ns("web")]).Find("team-a")!;
    }

    private static TenantIsolationStatus Compute(TenantPlan plan, PolicyChangeSet? changes = null, WriteOutcome? outcome = null,
        IReadOnlyList<IsolationBreach>? breaches = null, TenantIsolationStatus? previous = null, DateTime? now = null) =>
        TenantStatusCalculator.Compute(new StatusInput(plan, changes ?? new PolicyChangeSet([], []), outcome ?? WriteOutcome.None,
            breaches ?? [], previous, now ?? Now));

    private static TenantCondition Condition(TenantIsolationStatus status, string type) => status.Conditions!.Single(c => c.Type == type);

    [Fact]
    public void Converged_IsReadyAndIsolated_WithTheFacts()
    {
        var status = Compute(PlanFor("namespaces: [web, kube-system]", [Ns("web"), Ns("kube-system")]));

        Assert.Equal(7, status.ObservedGeneration);
        Assert.Equal(("True", "Reconciled", "3 policies in 1 namespaces match the spec"), Fields(Condition(status, "Ready")));
        Assert.Equal(("True", "NoBreaches"), (Condition(status, "Isolated").Status, Condition(status, "Isolated").Reason));
        Assert.Equal(["web"], status.Namespaces!);
        Assert.Equal((1, 3, 0, "Enforce"), (status.NamespaceCount, status.PolicyCount, status.BreachCount, status.Mode));
        Assert.Equal("kube-system", status.ExcludedNamespaces!.Single().Name);
        Assert.Equal(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), Condition(status, "Ready").LastTransitionTime);
        Assert.Equal(7, Condition(status, "Ready").ObservedGeneration);
    }

    [Fact]
    public void InvalidSpec_IsNotReady_NamesTheField_AndKeepsThePreviousPolicyCount()
    {
        var previous = Compute(PlanFor("namespaces: [web]"));
        var status = Compute(PlanFor("namespaces: [web]\nmode: Sometimes"), previous: previous);

        var ready = Condition(status, "Ready");
        Assert.Equal(("False", "InvalidSpec"), (ready.Status, ready.Reason));
        Assert.Contains("spec.mode: Unsupported value: \"Sometimes\"", ready.Message);
        Assert.Equal("Unknown", Condition(status, "Isolated").Status);
        Assert.Equal(3, status.PolicyCount);
    }

    [Fact]
    public void Reasons_FollowTheirPriority()
    {
        var plan = PlanFor("namespaces: [web]");
        var taken = new PolicyChangeSet([], ["web/tenant-isolation-dns"]);
        var failed = new WriteOutcome([], ["create web/x: 500 InternalError"]);

        Assert.Equal("PolicyNameTaken", Condition(Compute(plan, taken, failed), "Ready").Reason);
        Assert.Equal("ApplyFailed", Condition(Compute(plan, outcome: failed), "Ready").Reason);
        Assert.Equal("NoNamespaces", Condition(Compute(PlanFor("namespaces: [gone]")), "Ready").Reason);
    }

    [Fact]
    public void LosingANamespaceToAnOlderTenant_IsANamespaceConflict()
    {
        var older = Tenant("old", "namespaces: [shared]", createdDay: 1);
        var status = Compute(PlanFor("namespaces: [web, shared]", [Ns("web"), Ns("shared")], older));
        var ready = Condition(status, "Ready");
        Assert.Equal(("False", "NamespaceConflict"), (ready.Status, ready.Reason));
        Assert.Contains("shared (ClaimedBy:old)", ready.Message);
    }

    [Fact]
    public void DryRun_ReportsWhatEnforceWouldDo_Bounded()
    {
        var plan = PlanFor("namespaces: [web]\nmode: DryRun");
        var writes = Enumerable.Range(0, 25).Select(i => new PolicyWrite(PolicyWriteKind.Create, "web", $"p{i}", null, null, false)).ToList();
        var status = Compute(plan, new PolicyChangeSet(writes, []));

        Assert.Equal(("True", "DryRun"), (Condition(status, "Ready").Status, Condition(status, "Ready").Reason));
        Assert.Equal((25, 0, 0, 20), (status.PendingChanges!.Create, status.PendingChanges.Update, status.PendingChanges.Delete, status.PendingChanges.Items!.Count));
        Assert.Equal("create web/p0", status.PendingChanges.Items[0]);
        Assert.Equal("DryRun", status.Mode);
    }

    [Fact]
    public void Breaches_AreBounded_AndCounted()
    {
        var breaches = Enumerable.Range(0, 30).Select(i => new IsolationBreach { Namespace = "web", Policy = $"open-{i}", Direction = "Ingress", Detail = "allows from any namespace" }).ToList();
        var status = Compute(PlanFor("namespaces: [web]"), breaches: breaches);

        Assert.Equal(("False", "IsolationBreached"), (Condition(status, "Isolated").Status, Condition(status, "Isolated").Reason));
        Assert.Equal((20, 30), (status.Breaches!.Count, status.BreachCount));
    }

    [Fact]
    public void TransitionTime_ChangesOnlyWhenTheStatusFlips()
    {
        var plan = PlanFor("namespaces: [web]");
        var first = Compute(plan, now: Now);
        var same = Compute(plan, previous: first, now: Now.AddHours(1));
        var failed = Compute(plan, outcome: new WriteOutcome([], ["x"]), previous: same, now: Now.AddHours(2));

        Assert.Equal(Condition(first, "Ready").LastTransitionTime, Condition(same, "Ready").LastTransitionTime);
        Assert.True(TenantStatusCalculator.SameAs(first, same));
        Assert.Equal(Now.AddHours(2).AddMilliseconds(-500), Condition(failed, "Ready").LastTransitionTime);
        Assert.Equal(Condition(first, "Isolated").LastTransitionTime, Condition(failed, "Isolated").LastTransitionTime);
    }

    [Fact]
    public void DriftRepair_SetsLastDriftCorrection_AndLaterPassesKeepIt()
    {
        var plan = PlanFor("namespaces: [web]");
        var repair = new WriteOutcome([new PolicyWrite(PolicyWriteKind.Update, "web", WellKnown.DnsPolicy, null, null, true)], []);
        var repaired = Compute(plan, outcome: repair, now: Now);
        var later = Compute(plan, previous: repaired, now: Now.AddHours(1));

        Assert.Equal(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), repaired.LastDriftCorrection);
        Assert.Equal(repaired.LastDriftCorrection, later.LastDriftCorrection);
    }

    // kstatus (sigs.k8s.io/cli-utils pkg/kstatus/status/generic.go) reads Reconciling True as InProgress, Stalled True
    // as Failed, and with neither Ready True as Current. The expected types per reason are the list, written out.
    public static TheoryData<string, string, string[]> ConditionTypesByCase() => new()
    {
        { "namespaces: [web]", "", ["Ready", "Isolated"] },
        { "namespaces: [web]\nmode: DryRun", "", ["Ready", "Isolated"] },
        { "namespaces: [web]\nmode: Sometimes", "", ["Ready", "Isolated", "Stalled"] },
        { "namespaces: [web]", "taken", ["Ready", "Isolated", "Stalled"] },
        { "namespaces: [web, shared]", "", ["Ready", "Isolated", "Stalled"] },
        { "namespaces: [web]", "failed", ["Ready", "Isolated", "Reconciling"] },
        { "namespaces: [gone]", "", ["Ready", "Isolated", "Reconciling"] },
    };

    [Theory]
    [MemberData(nameof(ConditionTypesByCase))]
    public void ReconcilingAndStalled_FollowKstatus_AndAreAbsentWhenReady(string spec, string trouble, string[] expectedTypes)
    {
        var older = Tenant("old", "namespaces: [shared]", createdDay: 1);
        var plan = PlanFor(spec, [Ns("web"), Ns("shared")], older);
        var status = Compute(plan,
            trouble == "taken" ? new PolicyChangeSet([], ["web/tenant-isolation-dns"]) : null,
            trouble == "failed" ? new WriteOutcome([], ["create web/x: 500 InternalError"]) : null);

        Assert.Equal(expectedTypes, status.Conditions!.Select(c => c.Type));
        var ready = Condition(status, "Ready");
        foreach (var progress in status.Conditions!.Where(c => c.Type is "Reconciling" or "Stalled"))
        {
            // The same reason and message as Ready, so `kubectl wait`, flux and a human read one story.
            Assert.Equal(("True", ready.Reason, ready.Message, 7L), (progress.Status, progress.Reason, progress.Message, progress.ObservedGeneration!.Value));
            Assert.Equal("False", ready.Status);
        }
    }

    [Fact]
    public void Stalled_KeepsItsTransitionTime_WhileStalled_AndDisappearsOnceReady()
    {
        var broken = PlanFor("namespaces: [web]\nmode: Sometimes");
        var first = Compute(broken, now: Now);
        var still = Compute(broken, previous: first, now: Now.AddHours(1));
        var fixedStatus = Compute(PlanFor("namespaces: [web]"), previous: still, now: Now.AddHours(2));

        Assert.Equal(Condition(first, "Stalled").LastTransitionTime, Condition(still, "Stalled").LastTransitionTime);
        Assert.True(TenantStatusCalculator.SameAs(first, still));
        Assert.DoesNotContain(fixedStatus.Conditions!, c => c.Type is "Stalled" or "Reconciling");
    }

    private static (string, string, string) Fields(TenantCondition c) => (c.Status, c.Reason, c.Message);

    [Fact]
    public void UnownedPolicies_AreListedInStatus_WithoutChangingReady()
    {
        var status = Compute(PlanFor("namespaces: [web]"), new PolicyChangeSet([], []) { Unowned = ["default/users-important-policy"] });

        Assert.Equal(["default/users-important-policy"], status.UnownedPolicies!);
        Assert.Equal(("True", "Reconciled"), (Condition(status, "Ready").Status, Condition(status, "Ready").Reason));
    }

    [Fact]
    public void Blind_SaysReadyUnknownWithTheProblem_AndKeepsEverythingElseAsLastReported()
    {
        var previous = Compute(PlanFor("namespaces: [web]"), now: Now.AddMinutes(-5));
        var blind = TenantStatusCalculator.Blind(previous, 8, "the networkpolicies cache is unhealthy: it could not decode a watch event for web/x", Now);

        var ready = Condition(blind, "Ready");
        Assert.Equal(("Unknown", "CacheUnhealthy"), (ready.Status, ready.Reason));
        Assert.Equal("the operator cannot see the cluster as it is: the networkpolicies cache is unhealthy: it could not decode a watch event for web/x; it changes no policy until it can", ready.Message);
        Assert.Equal((8L, new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc)), (ready.ObservedGeneration, ready.LastTransitionTime));
        Assert.Equal(7, blind.ObservedGeneration);
        Assert.Equal(Condition(previous, "Isolated").LastTransitionTime, Condition(blind, "Isolated").LastTransitionTime);
        Assert.Equal((previous.NamespaceCount, previous.PolicyCount), (blind.NamespaceCount, blind.PolicyCount));
        Assert.Equal("True", Condition(previous, "Ready").Status);
        var reconciling = Condition(blind, "Reconciling");
        Assert.Equal(("True", "CacheUnhealthy", ready.Message, 8L, ready.LastTransitionTime),
            (reconciling.Status, reconciling.Reason, reconciling.Message, reconciling.ObservedGeneration, reconciling.LastTransitionTime));
        Assert.Equal(["Ready", "Isolated", "Reconciling"], blind.Conditions!.Select(c => c.Type));

        // Still blind a minute later: the same document, so nothing is written again.
        Assert.True(TenantStatusCalculator.SameAs(blind, TenantStatusCalculator.Blind(blind, 8, "the networkpolicies cache is unhealthy: it could not decode a watch event for web/x", Now.AddMinutes(1))));
    }

    [Fact]
    public void Blind_AfterAStalledReconcile_SaysReconciling_NotStalled()
    {
        var older = Tenant("old", "namespaces: [shared]", createdDay: 1);
        var stalled = Compute(PlanFor("namespaces: [web, shared]", [Ns("web"), Ns("shared")], older));
        Assert.Equal("Stalled", stalled.Conditions![^1].Type);

        var blind = TenantStatusCalculator.Blind(stalled, 8, "the tenantisolations cache is unhealthy: it could not decode a watch event for old", Now);

        Assert.Equal(["Ready/Unknown", "Isolated/" + Condition(stalled, "Isolated").Status, "Reconciling/True"], blind.Conditions!.Select(c => $"{c.Type}/{c.Status}"));
    }

    [Fact]
    public void Blind_WithNoStatusYet_HasReadyUnknownAndReconciling()
    {
        var blind = TenantStatusCalculator.Blind(null, 1, "the namespaces cache is unhealthy: no successful list or watch since 2026-11-26T11:59:00Z", Now);

        Assert.Equal(["Ready/Unknown", "Reconciling/True"], blind.Conditions!.Select(c => $"{c.Type}/{c.Status}"));
        Assert.Null(blind.ObservedGeneration);
    }
}
