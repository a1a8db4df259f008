namespace TenantOperator.Runtime.Informers;

/// <summary>An <see cref="IResourceEventHandler{T}"/> made of delegates; any of them may be null.</summary>
public sealed class ResourceEventHandler<T>(
    Action<T>? onAdded = null,
    Action<T, T>? onUpdated = null,
    Action<T>? onDeleted = null) : IResourceEventHandler<T>
{
    /// <inheritdoc />
    public void OnAdded(T resource) => onAdded?.Invoke(resource);

    /// <inheritdoc />
    public void OnUpdated(T old, T current) => onUpdated?.Invoke(old, current);

    /// <inheritdoc />
    public void OnDeleted(T resource) => onDeleted?.Invoke(resource);
}
