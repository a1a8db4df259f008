using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Discovery;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.LocalApiServer.Metrics;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Protobuf;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// The one request handler: parses the path, applies injected faults, dispatches to discovery or to the
/// object service, counts the answer, and turns every failure into a Kubernetes Status. With a data
/// directory, no answer goes out before what it shows is durable (<see cref="IDurabilityGate"/>): a write
/// is acknowledged only once it is on disk, and no read shows a change a crash could take back.
/// </summary>
internal sealed class ApiRequestRouter(
    ObjectService objects,
    DiscoveryDocuments discovery,
    OpenApiV3Documents openApi,
    WatchStreamer watches,
    ITableResponder tables,
    FaultInjector faults,
    RequestCounters counters,
    IDurabilityGate durability,
    TimeSpan defaultWatchTimeout,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = RequestInfoParser.Parse(context.Request);
        var code = 500;
        try
        {
            if (!request.IsResourceRequest)
            {
                await HandleNonResourceAsync(context, request);
                code = context.Response.StatusCode;
                return;
            }

            await faults.ApplyAsync(request, context.RequestAborted);
            await HandleResourceAsync(context, request);
            code = context.Response.StatusCode;
        }
        catch (ApiException e)
        {
            code = e.Code;
            await WriteErrorAsync(context, e);
        }
        catch (JsonException e)
        {
            code = 400;
            await WriteErrorAsync(context, ApiErrors.BadRequest($"the object provided is unrecognized: {e.Message}"));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            code = 499;
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, ApiErrors.InternalError(e.Message));
        }
        finally
        {
            if (request.IsResourceRequest)
            {
                counters.Record(request.Verb, request.Group, request.ResourcePath, code);
            }
        }
    }

    private async Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        try
        {
            // A Conflict or an AlreadyExists tells of the current state too: it waits like any answer.
            await durability.WhenAllDurableAsync(context.RequestAborted);
        }
        catch (IOException e)
        {
            error = ApiErrors.InternalError(e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await ApiResponses.WriteStatusAsync(context, error);
    }

    private async Task HandleResourceAsync(HttpContext context, RequestInfo request)
    {
        var resource = objects.Registry.Find(request.Group, request.Version, request.Resource) ?? throw ApiErrors.PathNotFound();
        if (!resource.Namespaced && request.Namespace.Length > 0)
        {
            // A cluster-scoped resource has no namespaced path.
            throw ApiErrors.PathNotFound();
        }

        if (request.Subresource.Length > 0 && request.Verb is "list" or "watch" or "create" or "deletecollection" or "delete")
        {
            throw ApiErrors.MethodNotAllowed();
        }

        var ns = resource.Namespaced ? request.Namespace : string.Empty;
        ContentNegotiation.CheckAcceptable(context.Request);
        switch (request.Verb)
        {
            case "get":
                var obj = objects.Get(resource, ns, request.Name);
                if (request.Subresource.Length > 0 && !DiscoveryDocuments.Subresources(resource).Contains(request.Subresource))
                {
                    throw ApiErrors.PathNotFound();
                }

                await durability.WhenAllDurableAsync(context.RequestAborted);
                if (ContentNegotiation.WantsTable(context.Request))
                {
                    await tables.WriteTableAsync(context, resource, [obj], null, null);
                    return;
                }

                await ApiResponses.WriteJsonAsync(context, 200, obj);
                return;
            case "list":
                await ListAsync(context, resource, request);
                return;
            case "watch":
                var query = QueryParameters.ListQuery(context.Request, resource, NamespaceFilter(resource, request));
                var encoder = ContentNegotiation.WantsTable(context.Request) ? tables.WatchEncoder(context, resource) : new ObjectEventEncoder(resource);
                await watches.StreamAsync(context, resource, query, QueryParameters.Watch(context.Request, defaultWatchTimeout), encoder);
                return;
            case "create":
                await RespondAsync(context, objects.Create(resource, ns, await ReadObjectAsync(context), QueryParameters.Write(context.Request)));
                return;
            case "update":
                await RespondAsync(context, objects.Update(resource, ns, request.Name, await ReadObjectAsync(context), QueryParameters.Write(context.Request), request.Subresource));
                return;
            case "patch":
                var body = await ReadBodyAsync(context);
                await RespondAsync(context, objects.Patch(resource, ns, request.Name, ContentNegotiation.MediaType(context.Request), body, QueryParameters.Write(context.Request), request.Subresource));
                return;
            case "delete":
                var deleteOptions = QueryParameters.Delete(context.Request, await ReadOptionalObjectAsync(context));
                await RespondAsync(context, objects.Delete(resource, ns, request.Name, deleteOptions));
                return;
            case "deletecollection":
                var collectionOptions = QueryParameters.Delete(context.Request, await ReadOptionalObjectAsync(context));
                var selection = QueryParameters.ListQuery(context.Request, resource, NamespaceFilter(resource, request));
                await RespondAsync(context, objects.DeleteCollection(resource, selection, collectionOptions));
                return;
            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private async Task ListAsync(HttpContext context, ResourceDefinition resource, RequestInfo request)
    {
        var query = QueryParameters.ListQuery(context.Request, resource, NamespaceFilter(resource, request));
        var page = objects.List(resource, query, QueryParameters.Limit(context.Request), context.Request.Query["continue"].ToString());
        await durability.WhenAllDurableAsync(context.RequestAborted);
        if (ContentNegotiation.WantsTable(context.Request))
        {
            await tables.WriteTableAsync(context, resource, [.. page.Items.Select(i => ObjectService.ToView(resource, i))], page.Revision, page.Continue?.Encode());
            return;
        }

        await ApiResponses.WriteListAsync(context, resource, page);
    }

    // A namespaced resource listed without a namespace in the path lists all namespaces.
    private static string? NamespaceFilter(ResourceDefinition resource, RequestInfo request) =>
        resource.Namespaced && request.Namespace.Length > 0 ? request.Namespace : null;

    // Acknowledged means durable: the write (and every change before it) is on disk before the answer goes.
    private async Task RespondAsync(HttpContext context, WriteResult result)
    {
        await durability.WhenAllDurableAsync(context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, result.Code, result.Body, result.Warnings);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var bytes = await ReadBodyAsync(context);
        if (ContentNegotiation.MediaType(context.Request) == KubernetesProtobufDecoder.MediaType)
        {
            return KubernetesProtobufDecoder.Decode(bytes.Span);
        }

        ContentNegotiation.CheckBodyIsJson(context.Request);
        return JsonNode.Parse(bytes.Span) as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a JSON object");
    }

    private static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext context)
    {
        var bytes = await ReadBodyAsync(context);
        if (bytes.Length == 0 || ContentNegotiation.MediaType(context.Request) == KubernetesProtobufDecoder.MediaType)
        {
            // A protobuf DeleteOptions body is read as defaults; the query parameters still apply.
            return null;
        }

        return JsonNode.Parse(bytes.Span) as JsonObject;
    }

    private async Task HandleNonResourceAsync(HttpContext context, RequestInfo request)
    {
        var path = request.Path.TrimEnd('/');
        var parts = path.Trim('/').Split('/');
        JsonNode? document = parts switch
        {
            ["version"] => DiscoveryDocuments.Version(),
            ["api"] => DiscoveryDocuments.CoreVersions(context.Request.Host.Value ?? "127.0.0.1"),
            ["api", var version] => discovery.ResourceList(string.Empty, version),
            ["apis"] => discovery.GroupList(),
            ["apis", var group] => discovery.GroupDocument(group),
            ["apis", var group, var version] => discovery.ResourceList(group, version),
            ["openapi", "v3"] => openApi.Index(),
            ["openapi", "v3", ..] => openApi.DocumentAt(path["/openapi/v3".Length..]),
            _ => null,
        };
        if (document is not null)
        {
            // Discovery shows which CRDs are served: it waits for them to be durable like any answer.
            await durability.WhenAllDurableAsync(context.RequestAborted);
            await ApiResponses.WriteJsonAsync(context, 200, document);
            return;
        }

        switch (parts)
        {
            case ["healthz" or "readyz", ..] when durability.Failure is { } failure:
                // As kube-apiserver's etcd check: without durable storage the server is not healthy.
                context.Response.StatusCode = 500;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"[-]data-directory failed: {failure}\n{parts[0]} check failed");
                return;
            case ["healthz" or "readyz" or "livez", ..]:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok");
                return;
            case ["metrics"]:
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await context.Response.WriteAsync(counters.ToPrometheusText());
                return;
            case ["openapi", "v2"]:
                context.Response.Headers.Vary = "Accept";
                switch (OpenApiV2Negotiation.Negotiate(context.Request.Headers.Accept.ToString()))
                {
                    case OpenApiV2Negotiation.Protobuf:
                        context.Response.ContentType = OpenApiV2Negotiation.Protobuf;
                        await context.Response.Body.WriteAsync(OpenApiV2Document.Protobuf());
                        break;
                    case OpenApiV2Negotiation.Json:
                        context.Response.ContentType = OpenApiV2Negotiation.Json;
                        await context.Response.WriteAsync(OpenApiV2Document.Json());
                        break;
                    default:
                        // kube-openapi answers an Accept it cannot serve with a bare 406.
                        context.Response.StatusCode = 406;
                        break;
                }

                return;
        }

        throw ApiErrors.PathNotFound();
    }
}
