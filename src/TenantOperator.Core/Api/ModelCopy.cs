using k8s;

namespace TenantOperator.Api;

/// <summary>
/// Deep copies of Kubernetes model objects (the API types, KubernetesClient's models), through their JSON form: the
/// model types have no copy method, and the JSON round trip keeps exactly the fields the serializer writes.
/// </summary>
public static class ModelCopy
{
    /// <summary>A copy of <paramref name="value"/> that shares nothing with it.</summary>
    public static T Of<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
