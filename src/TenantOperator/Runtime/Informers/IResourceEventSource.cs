namespace TenantOperator.Runtime.Informers;

/// <summary>What a controller watches: something that tells handlers about changes of one kind (an informer).</summary>
public interface IResourceEventSource<out T>
{
    /// <summary>Adds a handler; it sees every change from then on.</summary>
    void AddHandler(IResourceEventHandler<T> handler);
}
