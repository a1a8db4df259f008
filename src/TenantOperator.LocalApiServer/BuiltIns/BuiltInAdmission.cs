using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.BuiltIns;

/// <summary>
/// What kube-apiserver does with a write to a built-in kind before storing it: decode the body into the versioned Go
/// struct (a value of the wrong type is refused, unknown fields are dropped and reported as fieldValidation asks),
/// apply the version's defaults, and validate. Custom resources and CRDs are left to their own admission.
/// </summary>
internal static class BuiltInAdmission
{
    /// <summary>
    /// Decodes a create or update body in place. A type error is the 400 the create and update handlers answer
    /// (<c>ConfigMap in version "v1" cannot be handled as a ConfigMap: json: ...</c>), as is an unknown field under
    /// Strict; under Warn the unknown fields come back as warnings.
    /// </summary>
    public static IReadOnlyList<string> DecodeBody(ResourceDefinition resource, JsonObject body, FieldValidationDirective directive)
    {
        if (BuiltInKinds.For(resource) is not { } kind)
        {
            return [];
        }

        var result = TypedDecoder.Decode(body, kind.Type);
        if (result.Error is not null)
        {
            throw ApiErrors.BadRequest(CannotBeHandled(resource, result.Error));
        }

        var warnings = UnknownFieldWarnings(result.UnknownFields, directive, unknown => CannotBeHandled(resource, unknown));
        Replace(body, result.Encoded);
        return warnings;
    }

    /// <summary>
    /// Decodes the object a patch produced, in place. A type error is the patch handler's 422 with field
    /// <c>patch</c>: the patched object for JSON and merge patches, the patch map (<c>%+v</c>) and the unstructured
    /// converter's words for strategic merge patches. An unknown field under Strict is a 400.
    /// </summary>
    public static IReadOnlyList<string> DecodePatched(ResourceDefinition resource, JsonObject patched, JsonNode patch, bool strategic, FieldValidationDirective directive)
    {
        if (BuiltInKinds.For(resource) is not { } kind)
        {
            return [];
        }

        var result = TypedDecoder.Decode(patched, kind.Type);
        var error = strategic ? UnstructuredConversion.FirstError(patched, kind.Type) ?? result.Error : result.Error;
        if (error is not null)
        {
            throw PatchInvalid(strategic ? UnstructuredConversion.Print(patch) : patched.ToJsonString(), error);
        }

        // The unstructured converter lists unknown fields sorted; the JSON decoder in document order.
        var unknown = strategic ? [.. result.UnknownFields.Order(StringComparer.Ordinal)] : result.UnknownFields;
        var warnings = UnknownFieldWarnings(unknown, directive, message => message);
        Replace(patched, result.Encoded);
        return warnings;
    }

    /// <summary>The patch handler's 422 when the patched object does not decode: no kind, no name, one cause on <c>patch</c>.</summary>
    public static ApiException PatchInvalid(string shown, string error)
    {
        var cause = FieldErrors.Invalid("patch", shown, error);
        return new ApiException(422, "Invalid", $" \"\" is invalid: {cause}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message, ["field"] = cause.Field }),
        });
    }

    /// <summary>Applies the kind's defaults and registry preparation to <paramref name="obj"/>, then validates it.</summary>
    public static List<StatusCause> DefaultAndValidate(ResourceDefinition resource, JsonObject obj, JsonObject? old, string subresource)
    {
        if (BuiltInKinds.For(resource) is not { } kind)
        {
            return [];
        }

        if (kind.Default(obj))
        {
            // Go writes the defaulted struct: its fields in declaration order again. Callers must not hold nodes of obj.
            Replace(obj, TypedDecoder.Decode(obj, kind.Type).Encoded);
        }
        var write = new BuiltInWrite(obj, old, subresource);
        kind.Prepare(write);
        return [.. kind.Validate(write)];
    }

    /// <summary>True when metadata.finalizers of <paramref name="resource"/> must use standard names when they have no '/'.</summary>
    public static bool LegacyFinalizerNames(ResourceDefinition resource) => BuiltInKinds.For(resource)?.LegacyFinalizerNames ?? false;

    // The create and update handlers' transformDecodeError: kind and version of the body, kind of the target type.
    private static string CannotBeHandled(ResourceDefinition resource, string error) =>
        $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {error}";

    private static List<string> UnknownFieldWarnings(IReadOnlyList<string> unknown, FieldValidationDirective directive, Func<string, string> strictMessage)
    {
        if (unknown.Count == 0 || directive == FieldValidationDirective.Ignore)
        {
            return [];
        }

        var messages = unknown.Select(f => $"unknown field \"{f}\"").ToList();
        if (directive == FieldValidationDirective.Strict)
        {
            throw ApiErrors.BadRequest(strictMessage("strict decoding error: " + string.Join(", ", messages)));
        }

        return messages;
    }

    private static void Replace(JsonObject target, JsonObject source)
    {
        if (ReferenceEquals(target, source))
        {
            return;
        }

        target.Clear();
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            target[key] = value;
        }
    }
}
