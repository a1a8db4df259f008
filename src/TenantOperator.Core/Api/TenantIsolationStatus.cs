using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>What the operator observed and did for a tenant.</summary>
[Description("What the operator observed and did for the tenant.")]
public sealed class TenantIsolationStatus
{
    /// <summary>The generation of the spec this status describes.</summary>
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation of the spec this status describes.")]
    [Minimum(0)]
    public long? ObservedGeneration { get; set; }

    /// <summary>The mode in effect: spec.mode with its default applied.</summary>
    [JsonPropertyName("mode")]
    [Description("The mode in effect: spec.mode, or Enforce when spec.mode is not set.")]
    [AllowedValues(IsolationMode.Enforce, IsolationMode.DryRun)]
    public string? Mode { get; set; }

    /// <summary>Ready and Isolated, plus kstatus' Reconciling or Stalled while the tenant is not Ready.</summary>
    [JsonPropertyName("conditions")]
    [Description("Ready: the policies match the spec. Isolated: no other NetworkPolicy in a member namespace opens traffic across the tenant boundary. Reconciling (only while True): the operator is still working towards Ready. Stalled (only while True): it cannot get there without a change of spec.")]
    [ListMap("type")]
    [MaxLength(8)]
    public IList<TenantCondition>? Conditions { get; set; }

    /// <summary>The member namespaces, sorted.</summary>
    [JsonPropertyName("namespaces")]
    [Description("The member namespaces, sorted by name.")]
    [ListSet]
    public IList<string>? Namespaces { get; set; }

    /// <summary>How many member namespaces.</summary>
    [JsonPropertyName("namespaceCount")]
    [Description("The number of member namespaces.")]
    public int? NamespaceCount { get; set; }

    /// <summary>How many NetworkPolicies the tenant's plan holds.</summary>
    [JsonPropertyName("policyCount")]
    [Description("The number of NetworkPolicies kept for the tenant.")]
    public int? PolicyCount { get; set; }

    /// <summary>Selected namespaces that are not members, with the reason.</summary>
    [JsonPropertyName("excludedNamespaces")]
    [Description("Namespaces the tenant selects or names that are not members, with the reason: Protected, Exempt: <reason>, ClaimedBy:<tenant>.")]
    [ListMap("name")]
    public IList<ExcludedNamespace>? ExcludedNamespaces { get; set; }

    /// <summary>Other policies that open traffic across the tenant boundary (bounded).</summary>
    [JsonPropertyName("breaches")]
    [Description("NetworkPolicies not written by the operator that open traffic across the tenant boundary beyond what the spec declares (at most 20; see breachCount).")]
    public IList<IsolationBreach>? Breaches { get; set; }

    /// <summary>The number of breaches, including those not listed.</summary>
    [JsonPropertyName("breachCount")]
    [Description("The number of breaches found, including any not listed in breaches.")]
    public int? BreachCount { get; set; }

    /// <summary>The declared tenant peerings and whether the other side returns them.</summary>
    [JsonPropertyName("peerings")]
    [Description("The tenant peers this tenant declares, and whether the other tenant declares the opposite direction back.")]
    public IList<PeeringStatus>? Peerings { get; set; }

    /// <summary>Things in the spec that give no access, such as a tenant peer that names no tenant.</summary>
    [JsonPropertyName("warnings")]
    [Description("Parts of the spec that currently allow nothing, such as a tenant peer naming an unknown tenant, or a listed namespace that does not exist.")]
    public IList<string>? Warnings { get; set; }

    /// <summary>Policies with the operator's labels for this tenant that the tenant does not own: reported, never changed.</summary>
    [JsonPropertyName("unownedPolicies")]
    [Description("NetworkPolicies (namespace/name) that carry the operator's labels for this tenant, or hold one of its planned names, without a controller ownerReference to it: copied labels, say. The operator never changes or deletes them (at most 20 listed).")]
    [ListSet]
    [MaxLength(20)]
    public IList<string>? UnownedPolicies { get; set; }

    /// <summary>When the operator last put back a policy someone changed or deleted.</summary>
    [JsonPropertyName("lastDriftCorrection")]
    [Description("When the operator last restored a generated NetworkPolicy that someone had changed or deleted.")]
    [SchemaFormat("date-time")]
    public DateTime? LastDriftCorrection { get; set; }

    /// <summary>In DryRun mode, what Enforce would change.</summary>
    [JsonPropertyName("pendingChanges")]
    [Description("In DryRun mode, the NetworkPolicy writes that Enforce mode would make.")]
    public PendingChanges? PendingChanges { get; set; }
}
