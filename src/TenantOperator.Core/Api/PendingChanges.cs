using System.ComponentModel;
using System.Text.Json.Serialization;

namespace TenantOperator.Api;

/// <summary>In DryRun mode, the NetworkPolicy writes that Enforce mode would make.</summary>
[Description("The NetworkPolicy writes Enforce mode would make.")]
public sealed class PendingChanges
{
    /// <summary>Policies that would be created.</summary>
    [JsonPropertyName("create")]
    [Description("How many NetworkPolicies would be created.")]
    public int Create { get; set; }

    /// <summary>Policies that would be updated.</summary>
    [JsonPropertyName("update")]
    [Description("How many NetworkPolicies would be updated.")]
    public int Update { get; set; }

    /// <summary>Policies that would be deleted.</summary>
    [JsonPropertyName("delete")]
    [Description("How many NetworkPolicies would be deleted.")]
    public int Delete { get; set; }

    /// <summary>The first changes, as "create namespace/name".</summary>
    [JsonPropertyName("items")]
    [Description("The first changes (at most 20), each as '<create|update|delete> <namespace>/<name>'.")]
    public IList<string>? Items { get; set; }
}
