namespace TenantOperator.Runtime.Queue;

/// <summary>What <see cref="IWorkQueue{TKey}.GetAsync"/> hands a worker.</summary>
/// <param name="Key">The key to process; meaningless when <paramref name="ShuttingDown"/> is true.</param>
/// <param name="ShuttingDown">True when the queue was shut down and the worker should exit.</param>
public readonly record struct WorkItem<TKey>(TKey Key, bool ShuttingDown);
