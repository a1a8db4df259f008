using System.Text;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>
/// Secrets as kube-apiserver stores them: <c>stringData</c> is write-only, merged into <c>data</c> (base64, winning
/// over a key of the same name) and never stored or shown; a Secret without a type is <c>Opaque</c>.
/// </summary>
internal sealed class SecretConverter : IObjectConverter
{
    public static SecretConverter Instance { get; } = new();

    public bool IsIdentity => false;

    public JsonObject ToView(JsonObject stored, string apiVersion)
    {
        var view = stored.DeepClone().AsObject();
        view["apiVersion"] = apiVersion;
        return view;
    }

    public JsonObject ToStorage(JsonObject view, string storageApiVersion)
    {
        var stored = view.DeepClone().AsObject();
        stored["apiVersion"] = storageApiVersion;
        if (stored["stringData"] is JsonObject strings)
        {
            var data = stored["data"] as JsonObject ?? [];
            foreach (var (key, value) in strings)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value is JsonValue text && text.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty));
            }

            stored["data"] = data;
        }

        stored.Remove("stringData");
        if (stored["type"] is not JsonValue type || !type.TryGetValue<string>(out var typeName) || typeName.Length == 0)
        {
            stored["type"] = "Opaque";
        }

        return stored;
    }
}
