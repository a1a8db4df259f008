using k8s.Models;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Core.Tests.Policy.Reconciliation;

/// <summary>What a replace of one of our policies sends as its metadata: ours win, what others added stays.</summary>
public class PolicyMetadataMergeTests
{
    private static V1OwnerReference Owner(string uid, bool? controller, string kind = "TenantIsolation", string name = "team-a") =>
        new() { ApiVersion = "isolation.tenantoperator.io/v1alpha1", Kind = kind, Name = name, Uid = uid, Controller = controller };

    private static V1ObjectMeta Planned() => new()
    {
        Name = "tenant-isolation-dns",
        NamespaceProperty = "web",
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "tenant-operator", ["tenantoperator.io/tenant"] = "team-a" },
        Annotations = new Dictionary<string, string> { ["tenantoperator.io/content-hash"] = "new-hash" },
        OwnerReferences = [Owner("uid-a", controller: true)],
    };

    private static V1ObjectMeta InPlace() => new()
    {
        Name = "tenant-isolation-dns",
        NamespaceProperty = "web",
        Uid = "policy-uid",
        ResourceVersion = "41",
        Labels = new Dictionary<string, string> { ["tenantoperator.io/tenant"] = "someone-edited-this", ["backup.example.com/include"] = "true" },
        Annotations = new Dictionary<string, string> { ["tenantoperator.io/content-hash"] = "old-hash", ["argocd.argoproj.io/tracking-id"] = "x" },
        Finalizers = ["example.com/audit"],
        OwnerReferences = [Owner("uid-a", controller: true), Owner("cm-uid", controller: null, kind: "ConfigMap", name: "inventory")],
    };

    [Fact]
    public void OurLabelsAndAnnotationsWin_TheOnesOthersAddedStay()
    {
        var merged = PolicyMetadataMerge.Replacement(Planned(), InPlace());

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["app.kubernetes.io/managed-by"] = "tenant-operator",
                ["tenantoperator.io/tenant"] = "team-a",
                ["backup.example.com/include"] = "true",
            },
            merged.Labels);
        Assert.Equal(
            new Dictionary<string, string> { ["tenantoperator.io/content-hash"] = "new-hash", ["argocd.argoproj.io/tracking-id"] = "x" },
            merged.Annotations);
    }

    [Fact]
    public void TheGuardsOfTheWrite_AndTheFinalizers_AreTheOnesInPlace()
    {
        var merged = PolicyMetadataMerge.Replacement(Planned(), InPlace());

        Assert.Equal("41", merged.ResourceVersion);
        Assert.Equal("policy-uid", merged.Uid);
        Assert.Equal(["example.com/audit"], merged.Finalizers);
        Assert.Equal(("tenant-isolation-dns", "web"), (merged.Name, merged.NamespaceProperty));
    }

    [Fact]
    public void OurOwnerReferenceComesFirst_AnotherNonControllerOwnerStays()
    {
        var merged = PolicyMetadataMerge.Replacement(Planned(), InPlace());

        Assert.Equal([("uid-a", "TenantIsolation", (bool?)true), ("cm-uid", "ConfigMap", null)],
            merged.OwnerReferences.Select(o => (o.Uid, o.Kind, o.Controller)));
    }

    [Fact]
    public void AnotherControllerReference_IsDropped_OurOwnReplacesItsStaleCopy()
    {
        var inPlace = InPlace();
        inPlace.OwnerReferences = [Owner("uid-a", controller: false), Owner("uid-b", controller: true, name: "team-b")];

        var merged = PolicyMetadataMerge.Replacement(Planned(), inPlace);

        Assert.Equal([("uid-a", (bool?)true)], merged.OwnerReferences.Select(o => (o.Uid, o.Controller)));
    }

    [Fact]
    public void NoLabelsAnnotationsOrOwnersOnEitherSide_StayAbsent()
    {
        var merged = PolicyMetadataMerge.Replacement(
            new V1ObjectMeta { Name = "p", NamespaceProperty = "web" },
            new V1ObjectMeta { Name = "p", NamespaceProperty = "web", ResourceVersion = "7" });

        Assert.Null(merged.Labels);
        Assert.Null(merged.Annotations);
        Assert.Null(merged.OwnerReferences);
        Assert.Null(merged.Finalizers);
    }

    [Fact]
    public void NeitherInputIsChanged()
    {
        var planned = Planned();
        var inPlace = InPlace();

        PolicyMetadataMerge.Replacement(planned, inPlace);

        Assert.Equal(2, planned.Labels.Count);
        Assert.Single(planned.OwnerReferences);
        Assert.Null(planned.ResourceVersion);
        Assert.Equal("someone-edited-this", inPlace.Labels["tenantoperator.io/tenant"]);
        Assert.Equal(2, inPlace.OwnerReferences.Count);
    }
}
