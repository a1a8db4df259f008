using System.ComponentModel;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>
/// The other end of a rule: a NetworkPolicy peer (ipBlock, namespaceSelector, podSelector) or one of ours
/// (<c>tenant</c>, <c>namespaces</c>), which are compiled to the immutable <c>kubernetes.io/metadata.name</c> label.
/// </summary>
[Description("The other end of a rule. A NetworkPolicy peer (ipBlock, namespaceSelector, podSelector), or tenant (every member namespace of that TenantIsolation) or namespaces (namespaces by name). podSelector may accompany namespaceSelector, tenant or namespaces: both must match.")]
[CelRule("has(self.podSelector) || has(self.namespaceSelector) || has(self.ipBlock) || has(self.tenant) || has(self.namespaces)",
    "must specify a peer", Reason = "FieldValueRequired")]
[CelRule("!has(self.ipBlock) || !(has(self.podSelector) || has(self.namespaceSelector) || has(self.tenant) || has(self.namespaces))",
    "ipBlock may not be combined with other peer fields", Reason = "FieldValueForbidden")]
[CelRule("(has(self.namespaceSelector) ? 1 : 0) + (has(self.tenant) ? 1 : 0) + (has(self.namespaces) ? 1 : 0) <= 1",
    "at most one of namespaceSelector, tenant and namespaces may be set", Reason = "FieldValueForbidden")]
public sealed class TenantPeer
{
    /// <summary>Pods by label: in the rule's own namespace alone, or in the namespaces the other field names.</summary>
    [JsonPropertyName("podSelector")]
    [Description("Pods by label. Alone: pods of the member namespace the policy is in. With namespaceSelector, tenant or namespaces: pods in those namespaces.")]
    public LabelSelector? PodSelector { get; set; }

    /// <summary>Namespaces by label.</summary>
    [JsonPropertyName("namespaceSelector")]
    [Description("Namespaces by label. Note that namespace owners may be able to set labels; prefer tenant or namespaces.")]
    public LabelSelector? NamespaceSelector { get; set; }

    /// <summary>Addresses outside the cluster.</summary>
    [JsonPropertyName("ipBlock")]
    [Description("A block of addresses, usually outside the cluster.")]
    public IPBlock? IpBlock { get; set; }

    /// <summary>Every member namespace of another TenantIsolation, kept current as it changes.</summary>
    [JsonPropertyName("tenant")]
    [Description("Every member namespace of the named TenantIsolation, kept current as its membership changes. Traffic between tenants needs both sides: egress declared by one and ingress by the other.")]
    [System.ComponentModel.DataAnnotations.MaxLength(63)]
    [System.ComponentModel.DataAnnotations.RegularExpression(Patterns.DnsLabel)]
    public string? Tenant { get; set; }

    /// <summary>Namespaces by name.</summary>
    [JsonPropertyName("namespaces")]
    [Description("Namespaces by name, matched with the immutable kubernetes.io/metadata.name label.")]
    [ListSet]
    [System.ComponentModel.DataAnnotations.MinLength(1)]
    [System.ComponentModel.DataAnnotations.MaxLength(256)]
    [Items(Pattern = Patterns.DnsLabel, MaxLength = 63)]
    public IList<string>? Namespaces { get; set; }
}
