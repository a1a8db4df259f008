using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Faults;

/// <summary>One armed rewrite: the JSON Patch a simulated mutating webhook answers for every write to <see cref="Resource"/>.</summary>
internal sealed record WriteRewrite(string Resource, JsonArray Patch)
{
    public bool Matches(string resource, string subresource) =>
        subresource.Length == 0 && (Resource == "*" || Resource == resource);
}
