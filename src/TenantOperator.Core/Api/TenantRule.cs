using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>
/// What an ingress and an egress rule share: a name, the tenant pods it applies to, and ports. The peers differ in
/// name (<c>from</c>, <c>to</c>), so each rule type exposes them to <see cref="ITenantRule"/> explicitly, where
/// serializers do not see them.
/// </summary>
public abstract class TenantRule
{
    /// <summary>The rule's name, unique in its list; part of the generated policy's name.</summary>
    [JsonPropertyName("name")]
    [Description("The rule's name, a DNS label unique in its list; part of the generated policy's name.")]
    [Required]
    [MaxLength(63)]
    [RegularExpression(Patterns.DnsLabel)]
    public string Name { get; set; } = "";

    /// <summary>Which of the tenant's pods the rule applies to; null means all.</summary>
    [JsonPropertyName("podSelector")]
    [Description("Which of the tenant's pods the rule applies to. Defaults to all.")]
    public LabelSelector? PodSelector { get; set; }

    /// <summary>The ports; null or empty means all.</summary>
    [JsonPropertyName("ports")]
    [Description("The allowed ports. Absent or empty means all.")]
    [MaxLength(32)]
    public IList<PolicyPort>? Ports { get; set; }
}
