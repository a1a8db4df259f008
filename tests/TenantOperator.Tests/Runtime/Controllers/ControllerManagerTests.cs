using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.Controllers;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.Metrics;
using TenantOperator.Runtime.Queue;

namespace TenantOperator.Tests.Runtime.Controllers;

/// <summary>A controller declares what it watches and how changes map to keys; the manager runs them all.</summary>
public sealed class ControllerManagerTests : IDisposable
{
    private readonly ControllerManager _controllers = new(new ControllerRuntime(
        new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z")), new RuntimeMetrics(), NullLoggerFactory.Instance));

    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _controllers.Dispose();
    }

    private sealed record Pod(string Name, string Node, int Generation = 1);

    /// <summary>A source whose changes the test makes, delivered at once, as an informer delivers them on its loop.</summary>
    private sealed class ManualSource<T> : IResourceEventSource<T>
    {
        private readonly List<IResourceEventHandler<T>> _handlers = [];

        public void AddHandler(IResourceEventHandler<T> handler) => _handlers.Add(handler);

        public void Add(T item) => _handlers.ForEach(h => h.OnAdded(item));

        public void Update(T old, T current) => _handlers.ForEach(h => h.OnUpdated(old, current));

        public void Delete(T item) => _handlers.ForEach(h => h.OnDeleted(item));
    }

    private sealed class Reconciled
    {
        private readonly ConcurrentQueue<string> _keys = new();

        public Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            _keys.Enqueue(key);
            return Task.FromResult(ReconcileResult.Success);
        }

        public string[] Keys => [.. _keys.Order(StringComparer.Ordinal)];
    }

    // Pods map to their node, and on a move to both nodes; a change of generation only is what matters.
    private static IEnumerable<string> NodesOf(Pod? old, Pod? current) =>
        new[] { old?.Node, current?.Node }.OfType<string>().Distinct();

    [Fact]
    public async Task EachChange_EnqueuesTheKeysItsMappingGives_AndTheWorkersReconcileThem()
    {
        var pods = new ManualSource<Pod>();
        var reconciled = new Reconciled();
        _controllers.For<string>("nodes").Watches(pods, NodesOf).Complete(reconciled.ReconcileAsync);
        var run = _controllers.RunAsync(_stop.Token);

        pods.Add(new Pod("a", "node-1"));
        pods.Update(new Pod("b", "node-2"), new Pod("b", "node-3"));
        pods.Delete(new Pod("c", "node-4"));

        await Eventually.True(() => reconciled.Keys.Length == 4, "four nodes reconciled");
        Assert.Equal(["node-1", "node-2", "node-3", "node-4"], reconciled.Keys);
        _controllers.ShutDown();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void AnUpdateThatDoesNotMatter_EnqueuesNothing_OneThatDoesEnqueues()
    {
        var pods = new ManualSource<Pod>();
        var controller = _controllers.For<string>("nodes")
            .Watches(pods, NodesOf, updateMatters: (old, current) => old.Generation != current.Generation)
            .Complete(new Reconciled().ReconcileAsync);

        pods.Update(new Pod("a", "node-1"), new Pod("a", "node-2"));
        Assert.True(controller.Idle);

        pods.Update(new Pod("a", "node-1"), new Pod("a", "node-1", Generation: 2));
        Assert.False(controller.Idle);
    }

    [Fact]
    public async Task AFullPass_EnqueuesEveryRegisteredControllersKeys()
    {
        var nodes = new Reconciled();
        var zones = new Reconciled();
        _controllers.For<string>("nodes").ResyncsAll(() => ["node-1", "node-2"]).Complete(nodes.ReconcileAsync);
        _controllers.For<string>("zones").ResyncsAll(() => ["zone-a"]).WithWorkers(1).Complete(zones.ReconcileAsync);
        Assert.True(_controllers.Idle);

        _controllers.EnqueueAll();
        Assert.False(_controllers.Idle);
        var run = _controllers.RunAsync(_stop.Token);

        await Eventually.True(() => nodes.Keys.Length == 2 && zones.Keys.Length == 1, "both controllers' keys reconciled");
        Assert.Equal(["node-1", "node-2"], nodes.Keys);
        Assert.Equal(["zone-a"], zones.Keys);
        _controllers.ShutDown();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_controllers.IsShuttingDown);
    }

    [Fact]
    public void TwoControllersOfOneName_AreRefused()
    {
        _controllers.For<string>("nodes").Complete(new Reconciled().ReconcileAsync);

        var error = Assert.Throws<InvalidOperationException>(() => _controllers.For<string>("nodes"));
        Assert.Contains("'nodes'", error.Message);
    }

    [Fact]
    public void NoWorkers_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _controllers.For<string>("nodes").WithWorkers(0));
}
