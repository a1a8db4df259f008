using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// The object of a create or update: a JSON object decoded as kube-apiserver decodes it, or a 400
/// BadRequest in its words (the handlers' transformDecodeError): malformed JSON "is unrecognized",
/// well-formed JSON with a value it cannot hold "cannot be handled as a" Kind.
/// </summary>
internal static class ObjectBody
{
    // The meta factory that reads apiVersion and kind first fails on anything but an object with this type.
    private const string TypeMetaStruct = "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";

    /// <summary>Decodes <paramref name="body"/> as an object of <paramref name="resource"/>; null reads as an empty object.</summary>
    public static (JsonObject Object, IReadOnlyList<string> StrictErrors) Decode(ReadOnlyMemory<byte> body, ResourceDefinition resource)
    {
        DecodedJson decoded;
        try
        {
            decoded = GoJsonDecoder.Decode(body);
        }
        catch (JsonDecodeException e) when (e.IsSyntax)
        {
            throw Unrecognized(resource, $"json parse error: {e.Message}", body.Span);
        }
        catch (JsonDecodeException e)
        {
            throw ApiErrors.BadRequest(CannotBeHandled(resource, e.Message));
        }

        return decoded.Value switch
        {
            JsonObject obj when TypeMetaFields.Problem(obj) is { } problem => throw Unrecognized(resource, $"json parse error: {problem}", body.Span),
            JsonObject obj when ObjectMetaTypes.Problem(obj, resource.Kind) is { } problem => throw ApiErrors.BadRequest(CannotBeHandled(resource, problem)),
            JsonObject obj => (obj, decoded.StrictErrors),
            null => (new JsonObject(), decoded.StrictErrors),
            var other => throw Unrecognized(resource, $"json parse error: json: cannot unmarshal {GoTypeName(other)} into Go value of type {TypeMetaStruct}", body.Span),
        };
    }

    /// <summary>What Go's decoder calls a JSON value's type in its errors.</summary>
    public static string GoTypeName(JsonNode? value) => value switch
    {
        JsonArray => "array",
        JsonObject => "object",
        null => "null",
        _ => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            _ => "bool",
        },
    };

    private static string CannotBeHandled(ResourceDefinition resource, string problem) =>
        $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {problem}";

    private static ApiException Unrecognized(ResourceDefinition resource, string detail, ReadOnlySpan<byte> body) =>
        ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {resource.Kind}): couldn't get version/kind; {detail} ({Summary(body)})");

    // kube-apiserver's summarizeData: the first 30 bytes, as text when the body starts like an object, else in hex.
    private static string Summary(ReadOnlySpan<byte> body)
    {
        const int Length = 30;
        if (body.Length == 0)
        {
            return "<empty>";
        }

        var head = body[..Math.Min(Length, body.Length)];
        var text = body[0] == (byte)'{' ? Encoding.UTF8.GetString(head) : Convert.ToHexStringLower(head);
        return body.Length > Length ? text + " ..." : text;
    }
}
