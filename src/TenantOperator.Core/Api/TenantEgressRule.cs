using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace TenantOperator.Api;

/// <summary>An extra allow out of the tenant's pods; it becomes the policy <c>tenant-isolation-egress-&lt;name&gt;</c>.</summary>
[Description("An extra allow out of the tenant's pods. It becomes the NetworkPolicy tenant-isolation-egress-<name> in each member namespace.")]
public sealed class TenantEgressRule : TenantRule, ITenantRule
{
    /// <summary>The allowed destinations; absent or empty means any.</summary>
    [JsonPropertyName("to")]
    [Description("The allowed destinations. Absent or empty means any; peers are OR'ed.")]
    [MaxLength(32)]
    public IList<TenantPeer>? To { get; set; }

    IList<TenantPeer>? ITenantRule.Peers => To;

    string ITenantRule.PeersField => "to";
}
