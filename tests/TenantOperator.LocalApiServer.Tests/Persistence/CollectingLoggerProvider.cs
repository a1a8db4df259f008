using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>Keeps every message the server logs, so a test can check what an operator would read.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _messages = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Collector(_messages);

    public void Dispose()
    {
    }

    private sealed class Collector(ConcurrentQueue<(LogLevel, string)> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue((logLevel, formatter(state, exception)));
    }
}
