using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>Where the tenant's pods may send DNS queries.</summary>
[Description("Where the tenant's pods may send DNS queries (53/UDP and 53/TCP).")]
public sealed class DnsPolicy
{
    /// <summary>Whether DNS egress is allowed (default true).</summary>
    [JsonPropertyName("allow")]
    [Description("Whether DNS egress is allowed. Defaults to true.")]
    public bool? Allow { get; set; }

    /// <summary>The namespace of the DNS pods (default kube-system).</summary>
    [JsonPropertyName("namespace")]
    [Description("The namespace of the DNS pods, matched by name. Defaults to kube-system.")]
    [MaxLength(63)]
    [RegularExpression(Patterns.DnsLabel)]
    public string? Namespace { get; set; }

    /// <summary>The DNS pods (default k8s-app=kube-dns).</summary>
    [JsonPropertyName("podSelector")]
    [Description("Selects the DNS pods in that namespace. Defaults to k8s-app=kube-dns.")]
    public LabelSelector? PodSelector { get; set; }

    /// <summary>Extra DNS destinations by address, such as NodeLocal DNSCache.</summary>
    [JsonPropertyName("cidrs")]
    [Description("Extra DNS destinations by address, such as NodeLocal DNSCache (169.254.20.10/32).")]
    [ListSet]
    [MaxLength(16)]
    [Items(MaxLength = 49)]
    [CelRule("self.all(c, isCIDR(c))", "each entry must be a CIDR such as 169.254.20.10/32")]
    public IList<string>? Cidrs { get; set; }
}
