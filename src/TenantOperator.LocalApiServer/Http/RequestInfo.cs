namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// What a request addresses, split the way kube-apiserver's RequestInfoFactory splits a path: a resource
/// request (<c>/api/v1/...</c>, <c>/apis/{group}/{version}/...</c>) with its verb, or a non-resource path.
/// </summary>
internal sealed record RequestInfo
{
    public bool IsResourceRequest { get; init; }

    /// <summary>False for a resource path no route of kube-apiserver matches (extra or empty segments): a 404.</summary>
    public bool IsRoutable { get; init; } = true;

    public required string Path { get; init; }

    /// <summary>The HTTP method, upper case.</summary>
    public string HttpMethod { get; init; } = "GET";

    /// <summary>get, list, watch, create, update, patch, delete, deletecollection (or the lower-case HTTP method for non-resource paths).</summary>
    public required string Verb { get; init; }

    public string Group { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public string Namespace { get; init; } = string.Empty;

    public string Resource { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Subresource { get; init; } = string.Empty;

    /// <summary>The resource and subresource as counters and faults name them, e.g. <c>tenantisolations/status</c>.</summary>
    public string ResourcePath => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}
