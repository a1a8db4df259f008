using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>A member namespace an admin leaves unisolated.</summary>
[Description("A namespace of the tenant left unisolated.")]
public sealed class ExemptNamespace
{
    /// <summary>The namespace name.</summary>
    [JsonPropertyName("name")]
    [Description("The namespace name.")]
    [Required]
    [MaxLength(63)]
    [RegularExpression(Patterns.DnsLabel)]
    public string Name { get; set; } = "";

    /// <summary>Why it is exempt; shown in status.</summary>
    [JsonPropertyName("reason")]
    [Description("Why the namespace is exempt, shown in status.excludedNamespaces.")]
    [Required]
    [MinLength(1)]
    [MaxLength(256)]
    public string Reason { get; set; } = "";
}
