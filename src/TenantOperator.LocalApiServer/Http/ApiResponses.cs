using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>Writes JSON answers: objects, Status errors, and lists streamed from stored bytes.</summary>
internal static class ApiResponses
{
    public const string JsonContentType = "application/json";

    public static async Task WriteJsonAsync(HttpContext context, int code, JsonNode body, IReadOnlyList<string>? warnings = null)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = JsonContentType;
        foreach (var warning in warnings ?? [])
        {
            // RFC 7234 warning header, code 299 ("miscellaneous persistent warning"), as kube-apiserver sends.
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        body.WriteTo(writer);
        await writer.FlushAsync();
    }

    public static Task WriteStatusAsync(HttpContext context, ApiException error)
    {
        if (error.RetryAfter is { } retry)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>Streams a list. Objects stored in the shape this version serves are copied as stored bytes.</summary>
    public static async Task WriteListAsync(HttpContext context, ResourceDefinition resource, ListPage page)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("kind", resource.ListKind);
        writer.WriteString("apiVersion", resource.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", page.Revision.ToString(CultureInfo.InvariantCulture));
        if (page.Continue is { } token)
        {
            writer.WriteString("continue", token.Encode());
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        var raw = resource.Converter.IsIdentity && resource.ApiVersion == resource.StorageApiVersion;
        var written = 0;
        foreach (var item in page.Items)
        {
            if (raw)
            {
                writer.WriteRawValue(item.Json, skipInputValidation: true);
            }
            else
            {
                ObjectService.ToView(resource, item).WriteTo(writer);
            }

            // Keep memory flat on large lists: hand full buffers to the socket as we go.
            if (++written % 256 == 0)
            {
                await writer.FlushAsync();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync();
    }
}
