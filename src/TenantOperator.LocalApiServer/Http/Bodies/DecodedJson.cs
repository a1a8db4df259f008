using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// A decoded body: its value, and the strict decoding errors Go's decoder (sigs.k8s.io/json) reports
/// without failing, such as <c>duplicate field "metadata.name"</c>. The value keeps the last of duplicate
/// keys, as Go's decoder does.
/// </summary>
internal sealed record DecodedJson(JsonNode? Value, IReadOnlyList<string> StrictErrors);
