using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>The converter of resources served in the shape they are stored in: only <c>apiVersion</c> changes.</summary>
internal sealed class IdentityConverter : IObjectConverter
{
    public static IdentityConverter Instance { get; } = new();

    public bool IsIdentity => true;

    public JsonObject ToView(JsonObject stored, string apiVersion) => WithApiVersion(stored, apiVersion);

    public JsonObject ToStorage(JsonObject view, string storageApiVersion) => WithApiVersion(view, storageApiVersion);

    private static JsonObject WithApiVersion(JsonObject source, string apiVersion)
    {
        var copy = source.DeepClone().AsObject();
        copy["apiVersion"] = apiVersion;
        return copy;
    }
}
