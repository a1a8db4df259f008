using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Informers;

/// <summary>Writes down what an informer reported for metrics, as short strings such as <c>healthy false</c>.</summary>
internal sealed class RecordingInformerObserver : IInformerObserver
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

    /// <summary>The times of every sync reported.</summary>
    public IReadOnlyList<DateTimeOffset> Syncs { get; private set; } = [];

    public int Count(string prefix) => Seen.Count(s => s.StartsWith(prefix, StringComparison.Ordinal));

    public void Listed(string resource, int items) => Add($"listed {items}");

    public void WatchEnded(string resource, string reason) => Add($"watch ended {reason}");

    public void CacheSize(string resource, int objects)
    {
    }

    public void UndecodableEvent(string resource) => Add("undecodable");

    public void Synced(string resource, DateTimeOffset at)
    {
        lock (_lock)
        {
            Syncs = [.. Syncs, at];
        }
    }

    public void HealthChanged(string resource, bool healthy) => Add($"healthy {healthy.ToString().ToLowerInvariant()}");

    private void Add(string line)
    {
        lock (_lock)
        {
            _seen.Add(line);
        }
    }
}
