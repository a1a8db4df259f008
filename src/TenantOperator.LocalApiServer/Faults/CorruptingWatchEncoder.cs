using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Storage;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Faults;

/// <summary>
/// Writes watch events as <paramref name="inner"/> does, except those <see cref="FaultInjector.CorruptWatchEvents"/>
/// armed: their object goes out with <c>metadata.labels</c> as a string, which no typed client can bind (labels are a
/// map of strings in every kind), while name, namespace and resourceVersion stay readable.
/// </summary>
internal sealed class CorruptingWatchEncoder(FaultInjector faults, string resource, IWatchEventEncoder inner) : IWatchEventEncoder
{
    public void WriteObject(Utf8JsonWriter writer, StoredObject obj)
    {
        if (!faults.TakeWatchCorruption(resource, obj.Name))
        {
            inner.WriteObject(writer, obj);
            return;
        }

        var broken = obj.ToJsonObject();
        if (broken["metadata"] is JsonObject metadata)
        {
            metadata["labels"] = "injected fault: labels that are not a map";
        }

        broken.WriteTo(writer);
    }
}
