using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>The Status errors kube-apiserver answers, with its codes, reasons and message wording.</summary>
internal static class ApiErrors
{
    public static ApiException NotFound(ResourceDefinition resource, string name) =>
        NotFound(resource.Group, resource.Resource, name);

    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", Details(name, group, resource));

    /// <summary>A path the server does not serve at all.</summary>
    public static ApiException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException AlreadyExists(ResourceDefinition resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedResource} \"{name}\" already exists", Details(name, resource.Group, resource.Resource));

    public static ApiException Conflict(ResourceDefinition resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": {detail}", Details(name, resource.Group, resource.Resource));

    public static ApiException StaleResourceVersion(ResourceDefinition resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>422 Invalid: the message joins the causes as kube-apiserver's aggregate error does
    /// (one cause alone, several in brackets).</summary>
    public static ApiException Invalid(ResourceDefinition resource, string name, IReadOnlyList<StatusCause> causes) =>
        Invalid(resource.QualifiedKind, resource.Group, resource.Kind, name, causes);

    /// <summary>422 Invalid for <paramref name="qualifiedKind"/> (<c>Kind.group</c>, or the kind alone in the core group).</summary>
    public static ApiException Invalid(string qualifiedKind, string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var distinct = causes.Select(c => c.ToString()).Distinct().ToList();
        var joined = distinct.Count == 1 ? distinct[0] : $"[{string.Join(", ", distinct)}]";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = group,
            ["kind"] = kind,
            ["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = c.Reason,
                ["message"] = c.Message,
                ["field"] = c.Field,
            })]),
        };
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(ResourceDefinition resource, string name, string detail, StatusCause? cause = null)
    {
        var details = Details(name, resource.Group, resource.Resource);
        if (cause is not null)
        {
            details["causes"] = new JsonArray(new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message, ["field"] = cause.Field });
        }

        var subject = name.Length == 0 ? resource.QualifiedResource : $"{resource.QualifiedResource} \"{name}\"";
        return new ApiException(403, "Forbidden", $"{subject} is forbidden: {detail}", details);
    }

    public static ApiException MethodNotAllowed(string message = "the server does not allow this method on the requested resource") =>
        new(405, "MethodNotAllowed", message, new JsonObject());

    public static ApiException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    public static ApiException NotAcceptable() =>
        new(406, "NotAcceptable", "only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    /// <summary>504 Timeout for a read at a resourceVersion the store has not reached, with the cause clients re-list on.</summary>
    public static ApiException ResourceVersionTooLarge(long requested, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        });

    /// <summary>A Status for an HTTP-level refusal (Kestrel's), with the reason kube-apiserver's generic responses use.</summary>
    public static ApiException FromHttpStatus(int code, string message) => code switch
    {
        400 => BadRequest(message),
        404 => PathNotFound(),
        405 => MethodNotAllowed(),
        408 => new(408, "Timeout", message),
        413 => new(413, "RequestEntityTooLarge", $"Request entity too large: {message}"),
        415 => new(415, "UnsupportedMediaType", message),
        _ => new(code, string.Empty, message),
    };

    public static ApiException InternalError(string detail) =>
        new(500, "InternalError", $"Internal error occurred: {detail}", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = detail }) });

    public static ApiException TooManyRequests(TimeSpan retryAfter) =>
        new(429, "TooManyRequests", "Too many requests, please try again later.", new JsonObject(), retryAfter);

    private static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static JsonObject Details(string name, string group, string resource)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = resource;
        return details;
    }
}
