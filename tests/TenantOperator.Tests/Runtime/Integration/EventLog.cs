using k8s;
using k8s.Models;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>What an informer delivered, as lines such as <c>add ns/name</c>, <c>update ns/name</c>, <c>delete ns/name</c>.</summary>
internal sealed class EventLog<T> : IResourceEventHandler<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<string> _regressions = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The lines delivered from <paramref name="start"/> on (see <see cref="Count"/>).</summary>
    public IReadOnlyList<string> Since(int start) => [.. Lines.Skip(start)];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _lines.Count;
            }
        }
    }

    public bool Contains(string line) => Lines.Contains(line);

    public void OnAdded(T resource) => Add($"add {ObjectKey.Of(resource)}");

    public void OnUpdated(T old, T current)
    {
        // An update must go forward. The informer swallows a handler's exceptions, so a regression is
        // written down here and asserted by the test (AssertNoRegressions).
        if (Version(current) <= Version(old))
        {
            lock (_lock)
            {
                _regressions.Add($"{ObjectKey.Of(current)} {old.ResourceVersion()}→{current.ResourceVersion()}");
            }
        }

        Add($"update {ObjectKey.Of(current)}");
    }

    public void AssertNoRegressions()
    {
        lock (_lock)
        {
            Assert.True(_regressions.Count == 0, "updates that did not move the resourceVersion forward: " + string.Join(", ", _regressions));
        }
    }

    public void OnDeleted(T resource) => Add($"delete {ObjectKey.Of(resource)}");

    private static long Version(T resource) => long.Parse(resource.ResourceVersion()!, System.Globalization.CultureInfo.InvariantCulture);

    private void Add(string line)
    {
        lock (_lock)
        {
            _lines.Add(line);
        }
    }
}
