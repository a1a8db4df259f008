using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>The answer to a write: the HTTP code, the body (an object, a list or a Status) and warnings.</summary>
internal sealed record WriteResult(int Code, JsonObject Body, IReadOnlyList<string> Warnings)
{
    public static WriteResult Of(int code, JsonObject body) => new(code, body, []);
}
