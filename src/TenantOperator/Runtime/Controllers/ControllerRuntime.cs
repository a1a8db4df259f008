using Microsoft.Extensions.Logging;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Runtime.Controllers;

/// <summary>What every controller shares: the clock, the runtime's metrics, the loggers.</summary>
public sealed record ControllerRuntime(TimeProvider Time, RuntimeMetrics Metrics, ILoggerFactory Loggers);
