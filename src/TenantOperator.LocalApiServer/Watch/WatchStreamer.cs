using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Watch;

/// <summary>
/// Streams a watch in kube-apiserver's wire format: one compact JSON event per line, <c>\n</c>-terminated,
/// flushed per event. An object that stops matching the watch's selectors is sent as DELETED, one that
/// starts matching as ADDED. A resourceVersion older than the history gets HTTP 200 with one ERROR event
/// carrying a 410 Expired Status, then the stream closes. Timeouts and bookmarks run on the server's
/// TimeProvider. An event or bookmark goes out only once its resourceVersion is durable, so a watcher never
/// resumes from a revision a crash took back.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, TimeProvider time, TimeSpan bookmarkInterval, IDurabilityGate durability, FaultInjector faults)
{
    public async Task StreamAsync(HttpContext context, ResourceDefinition resource, ObjectListQuery query, WatchOptions options, IWatchEventEncoder encoder)
    {
        encoder = faults.WatchEncoder(resource.Resource, encoder);
        context.Response.StatusCode = 200;
        context.Response.ContentType = ApiResponses.JsonContentType;
        context.Response.Headers.CacheControl = "no-cache, private";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        WatchSubscription subscription;
        IReadOnlyList<StoreEvent> initial;
        long startRevision;
        try
        {
            subscription = store.Watch(resource.StorageKey, query.Namespace, options.ResourceVersion, out initial, out startRevision);
        }
        catch (ResourceVersionTooOldException e)
        {
            var status = ApiErrors.Expired(e.Message).ToStatus();
            writer.WriteStartObject();
            writer.WriteString("type", "ERROR");
            writer.WritePropertyName("object");
            status.WriteTo(writer);
            writer.WriteEndObject();
            await EndEventAsync(context, writer);
            return;
        }

        using (subscription)
        {
            await context.Response.StartAsync(context.RequestAborted);
            // Send the headers now: a client waits for them before it reads events.
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            using var timeout = time.CreateTimer(_ => Cancel(stop), null, options.Timeout, Timeout.InfiniteTimeSpan);
            using var bookmarks = options.AllowBookmarks
                ? time.CreateTimer(_ => store.Bookmark(subscription), null, bookmarkInterval, bookmarkInterval)
                : null;
            try
            {
                foreach (var change in initial)
                {
                    await WriteChangeAsync(context, writer, query, change, encoder, stop.Token);
                }

                if (options.SendInitialEvents && options.AllowBookmarks)
                {
                    await WriteBookmarkAsync(context, writer, resource, startRevision, initialEventsEnd: true, stop.Token);
                }

                while (await subscription.Reader.WaitToReadAsync(stop.Token))
                {
                    while (subscription.Reader.TryRead(out var item))
                    {
                        if (item.Event is { } change)
                        {
                            await WriteChangeAsync(context, writer, query, change, encoder, stop.Token);
                        }
                        else
                        {
                            await WriteBookmarkAsync(context, writer, resource, item.BookmarkRevision, initialEventsEnd: false, stop.Token);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout or client gone: the stream just ends, as kube-apiserver's does.
            }
        }
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task WriteChangeAsync(HttpContext context, Utf8JsonWriter writer, ObjectListQuery query, StoreEvent change, IWatchEventEncoder encoder, CancellationToken cancellation)
    {
        var matchesNow = query.Matches(change.Object);
        var matchedBefore = change.Previous is { } previous && query.Matches(previous);
        var type = change.Type switch
        {
            StoreEventType.Added when matchesNow => "ADDED",
            StoreEventType.Modified when matchesNow && matchedBefore => "MODIFIED",
            StoreEventType.Modified when matchesNow => "ADDED",
            StoreEventType.Modified when matchedBefore => "DELETED",
            StoreEventType.Deleted when matchesNow || matchedBefore => "DELETED",
            _ => null,
        };
        if (type is null)
        {
            return;
        }

        await durability.WhenDurableAsync(change.Revision, cancellation);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WritePropertyName("object");
        encoder.WriteObject(writer, change.Object);
        writer.WriteEndObject();
        await EndEventAsync(context, writer);
    }

    private async Task WriteBookmarkAsync(HttpContext context, Utf8JsonWriter writer, ResourceDefinition resource, long revision, bool initialEventsEnd, CancellationToken cancellation)
    {
        await durability.WhenDurableAsync(revision, cancellation);
        writer.WriteStartObject();
        writer.WriteString("type", "BOOKMARK");
        writer.WriteStartObject("object");
        writer.WriteString("kind", resource.Kind);
        writer.WriteString("apiVersion", resource.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
        writer.WriteNull("creationTimestamp");
        if (initialEventsEnd)
        {
            writer.WriteStartObject("annotations");
            writer.WriteString("k8s.io/initial-events-end", "true");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        await EndEventAsync(context, writer);
    }

    private static async Task EndEventAsync(HttpContext context, Utf8JsonWriter writer)
    {
        await writer.FlushAsync();
        writer.Reset();
        context.Response.BodyWriter.Write("\n"u8);
        await context.Response.BodyWriter.FlushAsync();
    }
}
