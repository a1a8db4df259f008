using System.Text.Json;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Watch;

/// <summary>Writes the <c>object</c> of a watch event: the object itself, or a Table row for <c>kubectl get -w</c>.</summary>
internal interface IWatchEventEncoder
{
    void WriteObject(Utf8JsonWriter writer, StoredObject obj);
}
