namespace TenantOperator.LocalApiServer.Metrics;

/// <summary>How many requests with one verb, resource and HTTP code the server answered.</summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete or deletecollection.</param>
/// <param name="Group">The API group ("" for core).</param>
/// <param name="Resource">The plural resource, with <c>/subresource</c> when there is one.</param>
/// <param name="Code">The HTTP status code answered.</param>
/// <param name="Count">The number of such requests.</param>
public sealed record RequestCount(string Verb, string Group, string Resource, int Code, long Count);
