using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.LocalApiServer.Objects;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// The strict decoding of a JSON or merge patch body, as kube-apiserver's patch handler does it under
/// <c>fieldValidation=Strict</c> or <c>Warn</c>: duplicate fields (prefixed <c>json patch</c> in a JSON
/// patch) are a 422 on the field <c>patch</c> under Strict, and warnings under Warn. Malformed bodies are
/// left to the patch itself, which refuses them.
/// </summary>
internal static class PatchBody
{
    public static IReadOnlyList<string> StrictWarnings(ReadOnlyMemory<byte> body, string mediaType, FieldValidationDirective directive)
    {
        if (directive == FieldValidationDirective.Ignore
            || mediaType is not (ObjectService.JsonPatchType or ObjectService.MergePatchType or ObjectService.StrategicMergePatchType))
        {
            return [];
        }

        IReadOnlyList<string> errors;
        try
        {
            errors = GoJsonDecoder.Decode(body).StrictErrors;
        }
        catch (JsonDecodeException)
        {
            return [];
        }

        if (mediaType == ObjectService.JsonPatchType)
        {
            errors = [.. errors.Select(e => "json patch " + e)];
        }

        if (errors.Count == 0 || directive == FieldValidationDirective.Warn)
        {
            return errors;
        }

        var text = System.Text.Encoding.UTF8.GetString(body.Span);
        throw ApiErrors.Invalid(string.Empty, string.Empty, string.Empty, string.Empty,
            [new StatusCause("patch", "FieldValueInvalid", $"Invalid value: {GoText.Quote(text)}: strict decoding error: {string.Join(", ", errors)}")]);
    }
}
