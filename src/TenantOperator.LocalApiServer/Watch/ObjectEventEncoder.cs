using System.Text.Json;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Watch;

/// <summary>Writes watch event objects as the served version shows them.</summary>
internal sealed class ObjectEventEncoder(ResourceDefinition resource) : IWatchEventEncoder
{
    private readonly bool _raw = resource.Converter.IsIdentity && resource.ApiVersion == resource.StorageApiVersion;

    public void WriteObject(Utf8JsonWriter writer, StoredObject obj)
    {
        if (_raw)
        {
            writer.WriteRawValue(obj.Json, skipInputValidation: true);
        }
        else
        {
            ObjectService.ToView(resource, obj).WriteTo(writer);
        }
    }
}
