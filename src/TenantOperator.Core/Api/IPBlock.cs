using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>A CIDR minus some sub-ranges, as in networking.k8s.io/v1.</summary>
[Description("A CIDR minus some sub-ranges, IPv4 or IPv6.")]
// That each except entry lies inside cidr is checked by the operator's validation (PeerValidator): in CEL it would
// parse cidr once per entry, the costliest rule of the CRD; the syntax checks stay here.
public sealed class IPBlock
{
    /// <summary>The block, such as 203.0.113.0/24 or 2001:db8::/32.</summary>
    [JsonPropertyName("cidr")]
    [Description("The block, such as 203.0.113.0/24 or 2001:db8::/32.")]
    [Required]
    [MaxLength(49)]
    [CelRule("isCIDR(self)", "must be a valid CIDR such as 203.0.113.0/24 or 2001:db8::/32")]
    public string Cidr { get; set; } = "";

    /// <summary>Sub-ranges of cidr that are not included.</summary>
    [JsonPropertyName("except")]
    [Description("Sub-ranges of cidr that are not included.")]
    [MaxLength(32)]
    [Items(MaxLength = 49)]
    [CelRule("self.all(e, isCIDR(e))", "each entry must be a CIDR such as 203.0.113.128/25")]
    public IList<string>? Except { get; set; }
}
