using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace TenantOperator.Api;

/// <summary>A list of TenantIsolations, as the API server returns it.</summary>
[KubernetesEntity(Group = TenantIsolation.Group, ApiVersion = TenantIsolation.Version, Kind = "TenantIsolationList", PluralName = TenantIsolation.Plural)]
public sealed class TenantIsolationList : IKubernetesObject<V1ListMeta>, IItems<TenantIsolation>
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = TenantIsolation.GroupVersion;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "TenantIsolationList";

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <inheritdoc />
    [JsonPropertyName("items")]
    public IList<TenantIsolation> Items { get; set; } = [];
}
