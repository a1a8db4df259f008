using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace TenantOperator.Api;

/// <summary>A tenant peer this tenant declares, and whether the other side returns it.</summary>
[Description("A tenant peer declared in a rule, and whether the other tenant returns it.")]
public sealed class PeeringStatus
{
    /// <summary>The other tenant.</summary>
    [JsonPropertyName("tenant")]
    [Description("The other tenant.")]
    [Required]
    public string Tenant { get; set; } = "";

    /// <summary>The direction of this tenant's rule: Egress (to the other) or Ingress (from the other).</summary>
    [JsonPropertyName("direction")]
    [Description("The direction of this tenant's rule: Egress (to the other tenant) or Ingress (from it).")]
    [Required]
    [AllowedValues("Ingress", "Egress")]
    public string Direction { get; set; } = "";

    /// <summary>The rule that declares the peer.</summary>
    [JsonPropertyName("rule")]
    [Description("The name of the rule that declares the peer.")]
    [Required]
    public string Rule { get; set; } = "";

    /// <summary>True when the other tenant declares the opposite direction back, so traffic can flow.</summary>
    [JsonPropertyName("returned")]
    [Description("True when the other tenant declares the opposite direction with a tenant peer naming this tenant, so traffic can flow.")]
    public bool Returned { get; set; }

    /// <summary>Why traffic cannot flow, when it cannot.</summary>
    [JsonPropertyName("message")]
    [Description("Why traffic cannot flow, when it cannot.")]
    public string? Message { get; set; }
}
