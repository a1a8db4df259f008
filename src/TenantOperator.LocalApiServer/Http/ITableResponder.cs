using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>Answers requests for a meta.k8s.io Table (<c>kubectl get</c>), for lists, gets and watches.</summary>
internal interface ITableResponder
{
    Task WriteTableAsync(HttpContext context, ResourceDefinition resource, IReadOnlyList<JsonObject> objects, long? resourceVersion, string? continueToken);

    IWatchEventEncoder WatchEncoder(HttpContext context, ResourceDefinition resource);
}
