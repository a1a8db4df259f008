namespace TenantOperator.Runtime.Controllers;

/// <summary>
/// The one place controllers are registered (<see cref="For{TKey}"/>), and what the host does with all of them at once:
/// the leader runs every controller's workers, a full pass enqueues every controller's keys, a graceful stop shuts
/// every queue down. A second controller is one more registration, nothing else changes (docs/design.md,
/// "Controllers: one registration point").
/// </summary>
public sealed class ControllerManager(ControllerRuntime runtime) : IDisposable
{
    private readonly List<IController> _controllers = [];

    /// <summary>The clock, metrics and loggers every controller shares.</summary>
    public ControllerRuntime Runtime { get; } = runtime;

    /// <summary>The registered controllers, in registration order.</summary>
    public IReadOnlyList<IController> Controllers => _controllers;

    /// <summary>True when no controller has a key waiting.</summary>
    public bool Idle => _controllers.All(c => c.Idle);

    /// <summary>Starts declaring a controller named <paramref name="name"/> (unique among the registered ones).</summary>
    public ControllerBuilder<TKey> For<TKey>(string name) where TKey : notnull
    {
        if (_controllers.Any(c => c.Name == name))
        {
            throw new InvalidOperationException($"A controller named '{name}' is already registered.");
        }

        return new ControllerBuilder<TKey>(this, name);
    }

    /// <summary>Enqueues every controller's full pass.</summary>
    public void EnqueueAll()
    {
        foreach (var controller in _controllers)
        {
            controller.EnqueueAll();
        }
    }

    /// <summary>Runs every controller's workers until cancelled or shut down.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(_controllers.Select(c => c.RunAsync(cancellationToken)));

    /// <summary>True once <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown { get; private set; }

    /// <summary>Every controller takes no new work; their workers finish what they hold.</summary>
    public void ShutDown()
    {
        IsShuttingDown = true;
        foreach (var controller in _controllers)
        {
            controller.ShutDown();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var controller in _controllers)
        {
            controller.Dispose();
        }
    }

    internal void Add(IController controller) => _controllers.Add(controller);
}
