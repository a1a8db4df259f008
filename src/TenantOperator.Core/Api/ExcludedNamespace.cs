using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace TenantOperator.Api;

/// <summary>A namespace the tenant selects or names that is not a member, and why.</summary>
[Description("A namespace the tenant selects or names that is not a member.")]
public sealed class ExcludedNamespace
{
    /// <summary>The namespace.</summary>
    [JsonPropertyName("name")]
    [Description("The namespace name.")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Protected, Exempt: &lt;reason&gt;, or ClaimedBy:&lt;tenant&gt;.</summary>
    [JsonPropertyName("reason")]
    [Description("Protected, Exempt: <reason>, or ClaimedBy:<tenant>.")]
    [Required]
    public string Reason { get; set; } = "";
}
