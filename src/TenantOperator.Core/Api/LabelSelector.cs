using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>A metav1.LabelSelector. An empty selector selects everything.</summary>
[Description("A label selector: matchLabels and matchExpressions are AND'ed; an empty selector selects everything.")]
public sealed class LabelSelector
{
    /// <summary>Labels that must all be present with these values.</summary>
    [JsonPropertyName("matchLabels")]
    [Description("Labels that must be present with exactly these values.")]
    [MaxLength(32)]
    [Items(MaxLength = 63)]
    public IDictionary<string, string>? MatchLabels { get; set; }

    /// <summary>Requirements that must all hold.</summary>
    [JsonPropertyName("matchExpressions")]
    [Description("Requirements that must all hold.")]
    [MaxLength(32)]
    public IList<LabelSelectorRequirement>? MatchExpressions { get; set; }
}
