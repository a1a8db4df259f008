using Microsoft.Extensions.Logging;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>A logger that keeps its formatted lines, so a test can assert on what a component reported (a retry, say).</summary>
internal sealed class LogLines : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

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

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
