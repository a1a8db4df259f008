using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Events;

/// <summary>Records core/v1 Events about objects, as <c>kubectl describe</c> shows them.</summary>
public interface IEventRecorder
{
    /// <summary>
    /// Records that <paramref name="reason"/> happened to <paramref name="involved"/>. A repeat of the
    /// same event raises the count of the existing one. Never throws for a failed write (it is logged):
    /// an event must not fail a reconcile. Only cancellation of <paramref name="cancellationToken"/> is thrown.
    /// </summary>
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, EventSeverity type, string reason, string message, CancellationToken cancellationToken);
}
