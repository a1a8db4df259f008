using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>The list envelope of a custom resource (<c>{apiVersion, kind, metadata, items}</c>), for typed list calls.</summary>
public sealed class KubernetesList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <inheritdoc />
    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
