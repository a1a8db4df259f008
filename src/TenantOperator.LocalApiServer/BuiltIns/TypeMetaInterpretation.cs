using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.BuiltIns;

/// <summary>
/// kube-apiserver's first look at any body (json.SimpleMetaFactory.Interpret): it reads only <c>apiVersion</c> and
/// <c>kind</c> into an anonymous struct of two strings, so either of another JSON type fails before the object is
/// decoded, for built-in kinds and custom resources alike.
/// </summary>
internal static class TypeMetaInterpretation
{
    /// <summary>Interpret's error for <paramref name="obj"/>, or null when apiVersion and kind are strings or absent.</summary>
    public static string? Error(JsonObject obj)
    {
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (obj[field] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                var kind = value.GetValueKind() switch
                {
                    JsonValueKind.Object => "object",
                    JsonValueKind.Array => "array",
                    JsonValueKind.Number => "number",
                    _ => "bool",
                };
                return $"couldn't get version/kind; json parse error: json: cannot unmarshal {kind} into Go struct field .{field} of type string";
            }
        }

        return null;
    }

    /// <summary>The create and update handlers' 400 when Interpret fails: the kind expected and the body's first 30 bytes.</summary>
    public static void ThrowIfUninterpretable(ResourceDefinition resource, JsonObject body)
    {
        if (Error(body) is { } error)
        {
            var data = Encoding.UTF8.GetBytes(body.ToJsonString());
            var summary = data.Length > 30 ? Encoding.UTF8.GetString(data, 0, 30) + " ..." : Encoding.UTF8.GetString(data);
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {resource.Kind}): {error} ({summary})");
        }
    }
}
