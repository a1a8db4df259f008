using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

/// <summary>A label is a claim anyone can make; ownership is the controller ownerReference, by uid.</summary>
public class PolicyOwnershipTests
{
    private const string TeamAUid = "6f1c0e6a-0000-4000-8000-00000000000a";

    private static V1NetworkPolicy Policy(bool managedLabel, params V1OwnerReference[] owners) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "tenant-isolation-default-deny",
            NamespaceProperty = "web",
            Labels = managedLabel
                ? new Dictionary<string, string> { [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue, [WellKnown.TenantLabel] = "team-a" }
                : new Dictionary<string, string> { ["app"] = "mine" },
            OwnerReferences = owners.Length == 0 ? null : owners,
        },
    };

    private static V1OwnerReference Owner(string uid, bool? controller = true, string kind = "TenantIsolation", string apiVersion = "isolation.tenantoperator.io/v1alpha1", string name = "team-a") =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = uid, Controller = controller, BlockOwnerDeletion = true };

    public static TheoryData<string, V1NetworkPolicy, PolicyOwner> Cases => new()
    {
        { "our label and our controller reference", Policy(true, Owner(TeamAUid)), PolicyOwner.ThisTenant },
        { "a later version of our group names us too", Policy(true, Owner(TeamAUid, apiVersion: "isolation.tenantoperator.io/v1")), PolicyOwner.ThisTenant },
        { "our reference among other owners", Policy(true, new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "x", Uid = "cm" }, Owner(TeamAUid)), PolicyOwner.ThisTenant },
        { "copied labels, no owner at all", Policy(true), PolicyOwner.Unowned },
        { "our uid, but not as controller", Policy(true, Owner(TeamAUid, controller: null)), PolicyOwner.Unowned },
        { "our uid, controller false", Policy(true, Owner(TeamAUid, controller: false)), PolicyOwner.Unowned },
        { "a controller of another kind", Policy(true, Owner(TeamAUid, kind: "Deployment", apiVersion: "apps/v1")), PolicyOwner.Unowned },
        { "our kind in another group", Policy(true, Owner(TeamAUid, apiVersion: "example.io/v1")), PolicyOwner.Unowned },
        { "a controller reference without a uid", Policy(true, Owner("")), PolicyOwner.Unowned },
        { "another TenantIsolation's controller reference", Policy(true, Owner("uid-of-team-b", name: "team-b")), PolicyOwner.OtherTenant },
        { "our name but another uid (a tenant deleted and made again)", Policy(true, Owner("uid-of-the-old-team-a")), PolicyOwner.OtherTenant },
        { "our controller reference without our label", Policy(false, Owner(TeamAUid)), PolicyOwner.NotManaged },
        { "nothing of ours", Policy(false), PolicyOwner.NotManaged },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Owner_IsDecidedByTheManagedByLabelAndTheControllerReference(string situation, V1NetworkPolicy policy, PolicyOwner expected)
    {
        Assert.True(expected == PolicyOwnership.Of(policy, TeamAUid), situation);
        Assert.Equal(expected == PolicyOwner.ThisTenant, PolicyOwnership.MayChange(policy, TeamAUid));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ATenantWithoutAUid_OwnsNothing_NotEvenAPolicyWhoseReferenceHasNoUid(string? uid)
    {
        Assert.Equal(PolicyOwner.OtherTenant, PolicyOwnership.Of(Policy(true, Owner(TeamAUid)), uid));
        Assert.Equal(PolicyOwner.Unowned, PolicyOwnership.Of(Policy(true, Owner("")), uid));
        Assert.False(PolicyOwnership.MayChange(Policy(true, Owner(TeamAUid)), uid));
    }

    [Fact]
    public void ControllerName_IsTheTenantThatControlsThePolicy()
    {
        Assert.Equal("team-b", PolicyOwnership.ControllerName(Policy(true, Owner("uid-of-team-b", name: "team-b"))));
        Assert.Null(PolicyOwnership.ControllerName(Policy(true)));
    }
}
