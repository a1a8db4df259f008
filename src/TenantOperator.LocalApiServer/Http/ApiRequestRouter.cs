using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Discovery;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.LocalApiServer.Http.Bodies;
using TenantOperator.LocalApiServer.Metrics;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Protobuf;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;
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
    ILogger logger,
    AccessFilter access)
{
    public async Task HandleAsync(HttpContext context)
    {
        RequestInfo? request = null;
        var code = 500;
        var counted = 0;
        void Count(int answered)
        {
            // Once per request, whichever comes first: the response starting, or the end of a request never answered.
            if (request is { IsResourceRequest: true } && Interlocked.Exchange(ref counted, 1) == 0)
            {
                counters.Record(request.Verb, request.Group, request.ResourcePath, answered);
            }
        }

        // Counted before the first byte of the answer leaves, so a client that has its answer always finds its request
        // counted: a test may read the counters right after its own request returns. A watch is counted when it ends,
        // with how it ended (a server-side timeout, a refusal), which is what tests of watches look for.
        context.Response.OnStarting(() =>
        {
            if (request is { Verb: not "watch" })
            {
                Count(context.Response.StatusCode);
            }

            return Task.CompletedTask;
        });
        try
        {
            request = RequestInfoParser.Parse(context.Request);

            // Authentication and authorization come next, as kube-apiserver's filters; the access APIs end here.
            // (A path the parser refuses is answered 400 before them, where kube-apiserver's handler would answer
            // after authorization: only the order of two refusals differs.)
            if (await access.HandleAsync(context, request))
            {
                code = context.Response.StatusCode;
                return;
            }

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
        catch (BadHttpRequestException e)
        {
            // Kestrel's own verdict on the request while the body was read (a malformed chunk, a timeout).
            code = e.StatusCode;
            await WriteErrorAsync(context, ApiErrors.FromHttpStatus(e.StatusCode, e.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            code = 499;
        }
        #pragma warning disable CA1031 // The top-level handler: any failure becomes a 500 Status, as kube-apiserver answers.
        catch (Exception e)
        #pragma warning restore CA1031
        {
            logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, ApiErrors.InternalError(e.Message));
        }
        finally
        {
            Count(code);
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
        if (!request.IsRoutable)
        {
            throw ApiErrors.PathNotFound();
        }

        var resource = objects.Registry.Find(request.Group, request.Version, request.Resource) ?? throw ApiErrors.PathNotFound();
        if (!resource.Namespaced && request.Namespace.Length > 0)
        {
            // A cluster-scoped resource has no namespaced path.
            throw ApiErrors.PathNotFound();
        }

        if (request.Subresource.Length > 0 && !DiscoveryDocuments.Subresources(resource).Contains(request.Subresource))
        {
            throw ApiErrors.PathNotFound();
        }

        CheckRoute(request);
        if (request.Name.Length > 0 && request.Verb != "watch")
        {
            // As kube-apiserver's storage does before it builds a key: "." and ".." are not names.
            RequestName.Check(request.Name);
        }

        var ns = resource.Namespaced ? request.Namespace : string.Empty;
        ContentNegotiation.CheckAcceptable(context.Request);
        switch (request.Verb)
        {
            case "get":
                await GetAsync(context, resource, request, ns);
                return;
            case "list":
                await ListAsync(context, resource, request);
                return;
            case "watch":
                var watchList = QueryParameters.List(context.Request, watch: true, defaultWatchTimeout);
                var query = QueryParameters.ListQuery(context.Request, resource, NamespaceFilter(resource, request), request.Name);
                var encoder = ContentNegotiation.WantsTable(context.Request) ? tables.WatchEncoder(context, resource) : new ObjectEventEncoder(resource);
                await watches.StreamAsync(context, resource, query, QueryParameters.Watch(watchList), encoder);
                return;
            case "create":
            {
                var (body, options) = await ReadWriteAsync(context, "CreateOptions");
                var decoded = DecodeObject(context, resource, body, options);
                await RespondAsync(context, objects.Create(resource, ns, decoded.Object, options), decoded.Warnings);
                return;
            }

            case "update":
            {
                var (body, options) = await ReadWriteAsync(context, "UpdateOptions");
                var decoded = DecodeObject(context, resource, body, options);
                await RespondAsync(context, objects.Update(resource, ns, request.Name, decoded.Object, options, request.Subresource), decoded.Warnings);
                return;
            }

            case "patch":
            {
                var mediaType = ContentNegotiation.MediaType(context.Request);
                var body = await RequestBodyReader.ReadAsync(context);
                var options = QueryParameters.Write(context.Request, "PatchOptions", mediaType == ObjectService.ApplyPatchType);
                var warnings = PatchBody.StrictWarnings(body, mediaType, options.FieldValidation);
                await RespondAsync(context, objects.Patch(resource, ns, request.Name, mediaType, body, options, request.Subresource), warnings);
                return;
            }

            case "delete":
            {
                var body = await RequestBodyReader.ReadAsync(context);
                var deleteOptions = QueryParameters.Delete(context.Request, body, !IsProtobuf(context));
                await RespondAsync(context, objects.Delete(resource, ns, request.Name, deleteOptions), []);
                return;
            }

            case "deletecollection":
            {
                var list = QueryParameters.List(context.Request, watch: false, defaultWatchTimeout);
                var body = await RequestBodyReader.ReadAsync(context);
                var collectionOptions = QueryParameters.Delete(context.Request, body, !IsProtobuf(context));
                var selection = QueryParameters.ListQuery(context.Request, resource, NamespaceFilter(resource, request));
                _ = QueryParameters.ResourceVersion(list.ResourceVersion);
                await RespondAsync(context, objects.DeleteCollection(resource, selection, collectionOptions), []);
                return;
            }

            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    // The routes kube-apiserver installs: a collection takes GET, POST and DELETE; an object GET, PUT,
    // PATCH and DELETE; a subresource GET, PUT and PATCH. Any other method on a path that exists is a 405.
    private static void CheckRoute(RequestInfo request)
    {
        var allowed = request.Verb switch
        {
            "watch" => request.HttpMethod == "GET" && request.Subresource.Length == 0,
            "list" or "deletecollection" => request.Name.Length == 0,
            "create" => request.Name.Length == 0,
            "get" or "update" or "patch" => request.Name.Length > 0,
            "delete" => request.Subresource.Length == 0,
            _ => false,
        };
        if (!allowed)
        {
            throw ApiErrors.MethodNotAllowed();
        }
    }

    private async Task GetAsync(HttpContext context, ResourceDefinition resource, RequestInfo request, string ns)
    {
        CheckNotNewer(QueryParameters.ResourceVersion(QueryParameters.First(context.Request.Query, "resourceVersion")));
        var obj = objects.Get(resource, ns, request.Name);

        await durability.WhenAllDurableAsync(context.RequestAborted);
        if (ContentNegotiation.WantsTable(context.Request))
        {
            await tables.WriteTableAsync(context, resource, [obj], null, null);
            return;
        }

        await ApiResponses.WriteJsonAsync(context, 200, obj);
    }

    private async Task ListAsync(HttpContext context, ResourceDefinition resource, RequestInfo request)
    {
        var options = QueryParameters.List(context.Request, watch: false, defaultWatchTimeout);
        var query = QueryParameters.ListQuery(context.Request, resource, NamespaceFilter(resource, request));
        if (options.Continue.Length > 0 && options.ResourceVersion is not ("" or "0"))
        {
            throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        var revision = QueryParameters.ResourceVersion(options.ResourceVersion);
        CheckNotNewer(revision);
        var limit = (int)Math.Min(options.Limit, int.MaxValue);
        var page = options.ResourceVersionMatch == "Exact" && revision is { } exact
            ? ListExact(resource, query, limit, exact)
            : objects.List(resource, query, limit, options.Continue);
        await durability.WhenAllDurableAsync(context.RequestAborted);
        if (ContentNegotiation.WantsTable(context.Request))
        {
            await tables.WriteTableAsync(context, resource, [.. page.Items.Select(i => ObjectService.ToView(resource, i))], page.Revision, page.Continue?.Encode());
            return;
        }

        await ApiResponses.WriteListAsync(context, resource, page);
    }

    // resourceVersionMatch=Exact: the list as it was at that revision, from the store's history.
    private ListPage ListExact(ResourceDefinition resource, ObjectListQuery query, int limit, long revision)
    {
        try
        {
            return objects.Store.List(resource.StorageKey, query.Namespace, query.Matches, limit, new ContinueToken(revision, string.Empty));
        }
        catch (ResourceVersionTooOldException)
        {
            throw ApiErrors.Expired("The resourceVersion for the provided list is too old.");
        }
    }

    // A read at a revision the store has not reached: kube-apiserver waits for its cache, then answers
    // 504 with the cause clients re-list on. This store is never behind, so it answers at once.
    private void CheckNotNewer(long? revision)
    {
        var current = objects.Store.Revision;
        if (revision > current)
        {
            throw ApiErrors.ResourceVersionTooLarge(revision.Value, current);
        }
    }

    // A namespaced resource listed without a namespace in the path lists all namespaces.
    private static string? NamespaceFilter(ResourceDefinition resource, RequestInfo request) =>
        resource.Namespaced && request.Namespace.Length > 0 ? request.Namespace : null;

    // Acknowledged means durable: the write (and every change before it) is on disk before the answer goes.
    private async Task RespondAsync(HttpContext context, WriteResult result, IReadOnlyList<string> decodeWarnings)
    {
        await durability.WhenAllDurableAsync(context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, result.Code, result.Body, [.. decodeWarnings, .. result.Warnings]);
    }

    private static bool IsProtobuf(HttpContext context) =>
        ContentNegotiation.MediaType(context.Request) == KubernetesProtobufDecoder.MediaType;

    // The order of kube-apiserver's create and update handlers: media type, body (413), options (400/422).
    private static async Task<(ReadOnlyMemory<byte> Body, WriteOptions Options)> ReadWriteAsync(HttpContext context, string optionsKind)
    {
        if (!IsProtobuf(context))
        {
            ContentNegotiation.CheckBodyIsJson(context.Request);
        }

        var body = await RequestBodyReader.ReadAsync(context);
        return (body, QueryParameters.Write(context.Request, optionsKind));
    }

    // Duplicate fields are strict decoding errors: a 400 under fieldValidation=Strict, warnings under Warn.
    private static (JsonObject Object, IReadOnlyList<string> Warnings) DecodeObject(HttpContext context, ResourceDefinition resource, ReadOnlyMemory<byte> body, WriteOptions options)
    {
        if (IsProtobuf(context))
        {
            return (KubernetesProtobufDecoder.Decode(body.Span), []);
        }

        var (obj, strictErrors) = ObjectBody.Decode(body, resource);
        return (obj, StrictDecoding.Apply(strictErrors, options.FieldValidation));
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
