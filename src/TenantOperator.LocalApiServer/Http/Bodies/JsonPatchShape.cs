using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// The shape kube-apiserver decodes a JSON patch into before applying it (a list of operations whose
/// <c>op</c>, <c>path</c> and <c>from</c> are strings): anything else is Go's decoding error, a 400.
/// </summary>
internal static class JsonPatchShape
{
    /// <summary>True for a well-shaped patch; a 400 BadRequest otherwise.</summary>
    public static bool Checked(JsonArray operations)
    {
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case null:
                    continue;
                case not JsonObject:
                    throw Error($"json: cannot unmarshal {ObjectBody.GoTypeName(operation)} into Go value of type handlers.jsonPatchOp");
                case JsonObject fields:
                    foreach (var field in new[] { "op", "path", "from" })
                    {
                        if (fields[field] is { } value && value.GetValueKind() != JsonValueKind.String)
                        {
                            throw Error($"json: cannot unmarshal {ObjectBody.GoTypeName(value)} into Go struct field jsonPatchOp.{field} of type string");
                        }
                    }

                    break;
            }
        }

        return true;
    }

    private static ApiException Error(string problem) => ApiErrors.BadRequest($"error decoding patch: {problem}");
}
