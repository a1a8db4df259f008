using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>An extra allow out of the tenant's pods; it becomes the policy <c>tenant-isolation-egress-&lt;name&gt;</c>.</summary>
[Description("An extra allow out of the tenant's pods. It becomes the NetworkPolicy tenant-isolation-egress-<name> in each member namespace.")]
public sealed class TenantEgressRule : ITenantRule
{
    /// <inheritdoc />
    [JsonPropertyName("name")]
    [Description("The rule's name, a DNS label unique among the egress rules.")]
    [Required]
    [MaxLength(63)]
    [RegularExpression(Patterns.DnsLabel)]
    public string Name { get; set; } = "";

    /// <inheritdoc />
    [JsonPropertyName("podSelector")]
    [Description("Which of the tenant's pods the rule applies to. Defaults to all.")]
    public LabelSelector? PodSelector { get; set; }

    /// <summary>The allowed destinations; absent or empty means any.</summary>
    [JsonPropertyName("to")]
    [Description("The allowed destinations. Absent or empty means any; peers are OR'ed.")]
    [MaxLength(32)]
    public IList<TenantPeer>? To { get; set; }

    /// <inheritdoc />
    [JsonPropertyName("ports")]
    [Description("The allowed ports. Absent or empty means all.")]
    [MaxLength(32)]
    public IList<PolicyPort>? Ports { get; set; }

    IList<TenantPeer>? ITenantRule.Peers => To;

    string ITenantRule.PeersField => "to";
}
