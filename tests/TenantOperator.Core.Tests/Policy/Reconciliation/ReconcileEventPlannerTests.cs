using TenantOperator.Api;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

public class ReconcileEventPlannerTests
{
    private static TenantIsolationStatus Status(string readyStatus, string readyReason, string readyMessage = "m", string isolated = "True", string isolatedMessage = "ok") => new()
    {
        Conditions =
        [
            new TenantCondition { Type = "Ready", Status = readyStatus, Reason = readyReason, Message = readyMessage },
            new TenantCondition { Type = "Isolated", Status = isolated, Reason = isolated == "True" ? "NoBreaches" : "IsolationBreached", Message = isolatedMessage },
        ],
    };

    private static PolicyWrite Write(PolicyWriteKind kind, string name, bool drift = false) => new(kind, "web", name, null, null, drift);

    private static List<string> Plan(TenantIsolationStatus? previous, TenantIsolationStatus next, WriteOutcome? outcome = null) =>
        ReconcileEventPlanner.Plan(previous, next, outcome ?? WriteOutcome.None).Select(e => $"{e.Type} {e.Reason}: {e.Message}").ToList();

    [Fact]
    public void NothingChanged_RecordsNothing()
    {
        var status = Status("True", "Reconciled");
        Assert.Empty(Plan(status, status));
    }

    [Fact]
    public void Writes_AreSummarised_AndDriftRepairsWarned()
    {
        var outcome = new WriteOutcome([Write(PolicyWriteKind.Create, "a"), Write(PolicyWriteKind.Delete, "b"), Write(PolicyWriteKind.Update, "c", drift: true)], []);
        Assert.Equal(
        [
            "Normal PoliciesApplied: created 1, updated 0, deleted 1 NetworkPolicies: create web/a, delete web/b",
            "Warning DriftRepaired: restored 1 NetworkPolicy(ies) changed or deleted outside the operator: web/c",
        ], Plan(Status("True", "Reconciled"), Status("True", "Reconciled"), outcome));
    }

    [Fact]
    public void FailedWrites_AreWarnedEveryTime()
    {
        var outcome = new WriteOutcome([], ["create web/a: 500 InternalError"]);
        Assert.Equal(["Warning ApplyFailed: 1 write(s) failed and will be retried: create web/a: 500 InternalError"],
            Plan(Status("False", "ApplyFailed"), Status("False", "ApplyFailed"), outcome));
    }

    [Theory]
    [InlineData("InvalidSpec")]
    [InlineData("NamespaceConflict")]
    [InlineData("PolicyNameTaken")]
    [InlineData("NoNamespaces")]
    [InlineData("CacheUnhealthy")]
    public void ProblemsInReady_AreWarnedWhenTheyAppearOrChange_NotOnEveryPass(string reason)
    {
        var problem = Status("False", reason, "what is wrong");
        Assert.Equal([$"Warning {reason}: what is wrong"], Plan(Status("True", "Reconciled"), problem));
        Assert.Empty(Plan(problem, problem));
        Assert.Single(Plan(problem, Status("False", reason, "something else is wrong")));
    }

    [Fact]
    public void Breaches_AreWarnedWhenIsolatedTurnsFalseOrTheyChange()
    {
        var breached = Status("True", "Reconciled", isolated: "False", isolatedMessage: "1 rule opens it");
        Assert.Equal(["Warning IsolationBreached: 1 rule opens it"], Plan(Status("True", "Reconciled"), breached));
        Assert.Empty(Plan(breached, breached));
    }

    [Fact]
    public void DryRun_ReportsWhatItWouldDo_WhenThatChanges()
    {
        Assert.Equal(["Normal DryRun: would create 3"], Plan(null, Status("True", "DryRun", "would create 3")));
    }

    [Fact]
    public void UnownedPolicies_AreWarnedWhenFirstFound_NotOnEveryPass()
    {
        var before = Status("True", "Reconciled");
        before.UnownedPolicies = ["default/users-important-policy"];
        var after = Status("True", "Reconciled");
        after.UnownedPolicies = ["default/users-important-policy", "web/copied"];

        Assert.Equal(["Warning UnownedPolicies: left alone 1 NetworkPolicy(ies) that carry the operator's labels but no controller ownerReference to this tenant: default/users-important-policy"],
            Plan(Status("True", "Reconciled"), before));
        Assert.Empty(Plan(before, before));
        Assert.Equal(["Warning UnownedPolicies: left alone 1 NetworkPolicy(ies) that carry the operator's labels but no controller ownerReference to this tenant: web/copied"],
            Plan(before, after));
    }
}
