using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Protobuf;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// Reading and answering the create-only kinds of the access APIs (TokenRequest, SelfSubjectReview, the access and
/// rules reviews): the body as JSON or, as kubectl sends it, protobuf; its apiVersion and kind checked against the
/// endpoint's; the answer 201 with the request and its status, as kube-apiserver answers.
/// </summary>
internal static class ReviewRequests
{
    public static async Task<JsonObject> ReadAsync(HttpContext context, string apiVersion, string kind)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        JsonObject body;
        if (ContentNegotiation.MediaType(context.Request) == KubernetesProtobufDecoder.MediaType)
        {
            body = KubernetesProtobufDecoder.Decode(bytes);
        }
        else
        {
            ContentNegotiation.CheckBodyIsJson(context.Request);
            try
            {
                body = JsonNode.Parse(bytes) as JsonObject ?? throw ApiErrors.BadRequest($"the request body must be a {kind} object");
            }
            catch (JsonException e)
            {
                throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {kind}): {e.Message}");
            }
        }

        var sentVersion = Text(body["apiVersion"]);
        var sentKind = Text(body["kind"]);
        if ((sentVersion.Length > 0 && sentVersion != apiVersion) || (sentKind.Length > 0 && sentKind != kind))
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {kind}): {sentVersion}, Kind={sentKind}");
        }

        body["apiVersion"] = apiVersion;
        body["kind"] = kind;
        if (body["metadata"] is not JsonObject)
        {
            body["metadata"] = new JsonObject();
        }

        return body;
    }

    /// <summary>422 Invalid for a review kind: <c>Kind.group "" is invalid: causes</c> (these objects have no name).</summary>
    public static ApiException Invalid(string group, string kind, IReadOnlyList<StatusCause> causes)
    {
        var joined = causes.Count == 1 ? causes[0].ToString() : $"[{string.Join(", ", causes)}]";
        return new ApiException(422, "Invalid", $"{kind}.{group} \"\" is invalid: {joined}", new JsonObject
        {
            ["group"] = group,
            ["kind"] = kind,
            ["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field })]),
        });
    }

    public static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;

    public static JsonObject Object(JsonNode? node) => node as JsonObject ?? [];
}
