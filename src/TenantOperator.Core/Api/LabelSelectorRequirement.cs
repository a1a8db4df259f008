using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>One requirement of a label selector.</summary>
[Description("A requirement on one label.")]
[CelRule("self.operator in ['In', 'NotIn'] ? (has(self.values) && size(self.values) > 0) : (!has(self.values) || size(self.values) == 0)",
    "values must be non-empty for In and NotIn, and empty for Exists and DoesNotExist", FieldPath = ".values")]
public sealed class LabelSelectorRequirement
{
    /// <summary>The label key.</summary>
    [JsonPropertyName("key")]
    [Description("The label key.")]
    [Required]
    [MaxLength(317)]
    public string Key { get; set; } = "";

    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    [JsonPropertyName("operator")]
    [Description("In, NotIn, Exists or DoesNotExist.")]
    [Required]
    [AllowedValues("In", "NotIn", "Exists", "DoesNotExist")]
    public string Operator { get; set; } = "";

    /// <summary>The values, for In and NotIn.</summary>
    [JsonPropertyName("values")]
    [Description("The values: non-empty for In and NotIn, empty for Exists and DoesNotExist.")]
    [MaxLength(64)]
    [Items(MaxLength = 63)]
    public IList<string>? Values { get; set; }
}
