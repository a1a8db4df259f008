using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace TenantOperator.Api;

/// <summary>An extra allow into the tenant's pods; it becomes the policy <c>tenant-isolation-ingress-&lt;name&gt;</c>.</summary>
[Description("An extra allow into the tenant's pods. It becomes the NetworkPolicy tenant-isolation-ingress-<name> in each member namespace.")]
public sealed class TenantIngressRule : TenantRule, ITenantRule
{
    /// <summary>The allowed sources; absent or empty means any.</summary>
    [JsonPropertyName("from")]
    [Description("The allowed sources. Absent or empty means any; peers are OR'ed.")]
    [MaxLength(32)]
    public IList<TenantPeer>? From { get; set; }

    IList<TenantPeer>? ITenantRule.Peers => From;

    string ITenantRule.PeersField => "from";
}
