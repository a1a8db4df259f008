using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace TenantOperator.Api;

/// <summary>A NetworkPolicy not written by the operator that opens traffic across the tenant boundary.</summary>
[Description("A NetworkPolicy not written by the operator that opens traffic across the tenant boundary.")]
public sealed class IsolationBreach
{
    /// <summary>The member namespace holding the policy.</summary>
    [JsonPropertyName("namespace")]
    [Description("The member namespace that holds the policy.")]
    [Required]
    public string Namespace { get; set; } = "";

    /// <summary>The policy's name.</summary>
    [JsonPropertyName("policy")]
    [Description("The NetworkPolicy's name.")]
    [Required]
    public string Policy { get; set; } = "";

    /// <summary>Ingress or Egress.</summary>
    [JsonPropertyName("direction")]
    [Description("Ingress or Egress.")]
    [Required]
    [AllowedValues("Ingress", "Egress")]
    public string Direction { get; set; } = "";

    /// <summary>What it opens.</summary>
    [JsonPropertyName("detail")]
    [Description("What the policy opens, for example: allows from any namespace.")]
    public string? Detail { get; set; }
}
