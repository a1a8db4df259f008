using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// <c>apiVersion</c> and <c>kind</c> are read before anything else, into strings: kube-apiserver's meta
/// factory fails on any other JSON type (null reads as absent), and so must this server, before anything
/// reads them as strings.
/// </summary>
internal static class TypeMetaFields
{
    /// <summary>Go's decoding error for the first of the two that is not a string, or null.</summary>
    public static string? Problem(JsonObject obj)
    {
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (obj[field] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                return $"json: cannot unmarshal {ObjectBody.GoTypeName(value)} into Go struct field .{field} of type string";
            }
        }

        return null;
    }

    /// <summary>
    /// A patched object with such a field, or with metadata of the wrong types (<see cref="ObjectMetaTypes"/>):
    /// 422 on <c>patch</c>, as kube-apiserver's patch handler answers a patched object it cannot decode.
    /// </summary>
    public static void CheckPatched(JsonObject patched)
    {
        if ((Problem(patched) ?? ObjectMetaTypes.Problem(patched, (string?)(patched["kind"] as JsonValue) ?? "Object")) is { } problem)
        {
            throw ApiErrors.Invalid(string.Empty, string.Empty, string.Empty, string.Empty,
                [new StatusCause("patch", "FieldValueInvalid", $"Invalid value: \"object\": {problem}")]);
        }
    }
}
