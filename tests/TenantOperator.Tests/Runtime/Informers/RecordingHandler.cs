using k8s.Models;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Informers;

/// <summary>Writes down what an informer delivered, as short strings such as <c>update b 1→5</c>.</summary>
internal sealed class RecordingHandler : IResourceEventHandler<V1Namespace>
{
    private readonly Lock _lock = new();
    private readonly List<string> _seen = [];

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_lock)
            {
                return [.. _seen];
            }
        }
    }

    public void OnAdded(V1Namespace resource) => Add($"add {resource.Name()} {resource.ResourceVersion()}");

    public void OnUpdated(V1Namespace old, V1Namespace current) =>
        Add($"update {current.Name()} {old.ResourceVersion()}→{current.ResourceVersion()}");

    public void OnDeleted(V1Namespace resource) => Add($"delete {resource.Name()} {resource.ResourceVersion()}");

    public void Clear()
    {
        lock (_lock)
        {
            _seen.Clear();
        }
    }

    private void Add(string line)
    {
        lock (_lock)
        {
            _seen.Add(line);
        }
    }
}
