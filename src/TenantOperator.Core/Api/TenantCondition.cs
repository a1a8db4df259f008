using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>A status condition in the standard metav1.Condition shape.</summary>
[Description("A status condition in the standard metav1.Condition shape.")]
public sealed class TenantCondition
{
    /// <summary>Ready or Isolated.</summary>
    [JsonPropertyName("type")]
    [Description("The condition type: Ready or Isolated.")]
    [Required]
    [MaxLength(316)]
    [RegularExpression(Patterns.ConditionType)]
    public string Type { get; set; } = "";

    /// <summary>True, False or Unknown.</summary>
    [JsonPropertyName("status")]
    [Description("True, False or Unknown.")]
    [Required]
    [AllowedValues("True", "False", "Unknown")]
    public string Status { get; set; } = "";

    /// <summary>The generation the condition was computed for.</summary>
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation the condition was computed for.")]
    [Minimum(0)]
    public long? ObservedGeneration { get; set; }

    /// <summary>When the status last changed.</summary>
    [JsonPropertyName("lastTransitionTime")]
    [Description("When status last changed from one value to another.")]
    [Required]
    [SchemaFormat("date-time")]
    public DateTime LastTransitionTime { get; set; }

    /// <summary>A CamelCase reason.</summary>
    [JsonPropertyName("reason")]
    [Description("A CamelCase reason for the condition's last transition.")]
    [Required]
    [MinLength(1)]
    [MaxLength(1024)]
    [RegularExpression(Patterns.ConditionReason)]
    public string Reason { get; set; } = "";

    /// <summary>A human readable message.</summary>
    [JsonPropertyName("message")]
    [Description("A human readable message with details.")]
    [Required]
    [MaxLength(32768)]
    public string Message { get; set; } = "";
}
