using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>
/// A tenant's network isolation: the operator finds the tenant's namespaces and keeps in each the NetworkPolicies
/// that isolate it. Cluster-scoped, because a tenant spans namespaces.
/// </summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
[Description("TenantIsolation declares a tenant's namespaces and the traffic allowed into and out of them. The operator keeps, in each member namespace, NetworkPolicies that deny everything else.")]
public sealed class TenantIsolation : IKubernetesObject<V1ObjectMeta>, ISpec<TenantIsolationSpec>, IStatus<TenantIsolationStatus?>
{
    /// <summary>The API group.</summary>
    public const string Group = "isolation.tenantoperator.io";

    /// <summary>The served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary>The kind.</summary>
    public const string KindName = "TenantIsolation";

    /// <summary>The resource (plural) name.</summary>
    public const string Plural = "tenantisolations";

    /// <summary>group/version, as written in <c>apiVersion</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    [Description("APIVersion defines the versioned schema of this representation of an object.")]
    public string ApiVersion { get; set; } = GroupVersion;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    [Description("Kind is a string value representing the REST resource this object represents.")]
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    // No description: the API server allows nothing on a custom resource's metadata schema but its type and name.
    [MetadataName(63, Patterns.DnsLabel, "The tenant's name, a DNS label: it is the value of the isolation.tenantoperator.io/tenant label on the policies.")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <inheritdoc />
    [JsonPropertyName("spec")]
    [Description("The desired isolation of the tenant.")]
    [System.ComponentModel.DataAnnotations.Required]
    public TenantIsolationSpec Spec { get; set; } = new();

    /// <inheritdoc />
    [JsonPropertyName("status")]
    [Description("What the operator observed and did, written by the operator only.")]
    public TenantIsolationStatus? Status { get; set; }
}
