using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// Temporary: answers Table requests with plain JSON (kubectl then prints its default columns) until the
/// Table conversion (Tables/) is wired in.
/// </summary>
internal sealed class PlainJsonTableResponder : ITableResponder
{
    public Task WriteTableAsync(HttpContext context, ResourceDefinition resource, IReadOnlyList<JsonObject> objects, long? resourceVersion, string? continueToken)
    {
        if (resourceVersion is null && objects.Count == 1)
        {
            return ApiResponses.WriteJsonAsync(context, 200, objects[0]);
        }

        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        return ApiResponses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = resource.ListKind,
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. objects.Select(o => (JsonNode)o)]),
        });
    }

    public IWatchEventEncoder WatchEncoder(HttpContext context, ResourceDefinition resource) => new ObjectEventEncoder(resource);
}
