using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TenantOperator.Api.Validation;

namespace TenantOperator.Manifests;

/// <summary>
/// Reads a built-in kind (Namespace, Pod, NetworkPolicy) from a manifest document with the checks kubectl and the API
/// server make before they accept it, so that no object is dropped or read differently without an error: metadata by
/// <see cref="ObjectMetaValidator"/>, every value against its field's type, and optionally no unknown fields.
/// </summary>
internal static class BuiltInObjects
{
    /// <summary>
    /// The typed object, or null after adding the reasons to <paramref name="errors"/>. With
    /// <paramref name="refuseUnknownFields"/>, a field the type does not declare (outside <c>status</c>, which the
    /// server owns and a newer cluster may extend) is an error, as in kubectl's strict field validation.
    /// </summary>
    public static T? Read<T>(ManifestDocument document, bool refuseUnknownFields, List<string> errors)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var fieldErrors = new List<FieldError>();
        if (document.Content["metadata"] is { } metadata && metadata is not JsonObject)
        {
            fieldErrors.Add(FieldError.Invalid(FieldPath.Root("metadata"), StructuralValidator.TypeOf(metadata), "metadata in body must be of type object"));
        }

        ObjectMetaValidator.Validate(document.Content["metadata"], fieldErrors);
        T? item = null;
        if (fieldErrors.Count == 0)
        {
            try
            {
                item = KubernetesJson.Deserialize<T>(document.Content, StrictKubernetesJson.Options);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException or InvalidOperationException or ArgumentException or OverflowException)
            {
                errors.Add($"{document.Location}: {WrongType(document.Content, ex)}");
                return null;
            }

            var read = JsonNode.Parse(KubernetesJson.Serialize(item));
            AddNulls(read, new FieldPath(""), fieldErrors);
            if (refuseUnknownFields)
            {
                foreach (var (key, value) in document.Content.Where(p => p.Key != "status"))
                {
                    AddUnknownFields(value, read?[key], FieldPath.Root(key), fieldErrors);
                }
            }
        }

        errors.AddRange(fieldErrors.Select(e => $"{document.Location}: {e}"));
        return fieldErrors.Count == 0 ? item : null;
    }

    /// <summary>
    /// The field a value of the wrong type was met at, the type written there and the type the field needs, when the
    /// serializer says (<see cref="StrictKubernetesJson"/> makes it say for every field type it reads).
    /// </summary>
    private static string WrongType(JsonObject content, Exception error)
    {
        var path = (error as JsonException)?.Path ?? "";
        var field = path.TrimStart('$').TrimStart('.');
        // A string is shown as written, as the API server shows an invalid value; other values by their type.
        var written = WrittenAt(content, path) switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => $"{Quoted.Of(Quoted.Cut(value.GetValue<string>()))}: ",
            { } value => $"\"{StructuralValidator.TypeOf(value)}\": ",
            null => "",
        };
        var reason = error is StrictKubernetesJson.FieldTypeException ? error.Message : "the value has the wrong type";
        return $"{(field.Length == 0 ? "" : field + ": ")}Invalid value: {written}{reason}";
    }

    /// <summary>The value at a System.Text.Json path (<c>$.spec.ports[0].port</c>, <c>$['a.b']</c>), or null.</summary>
    private static JsonNode? WrittenAt(JsonNode root, string path)
    {
        JsonNode? node = root;
        var at = path.StartsWith('$') ? 1 : path.Length;
        while (at < path.Length && node is not null)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? path.Length : end;
                node = (node as JsonObject)?[path[(at + 1)..end]];
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['"))
            {
                var end = path.IndexOf("']", at + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                node = (node as JsonObject)?[path[(at + 2)..end]];
                at = end + 2;
            }
            else if (path[at] == '[')
            {
                var end = path.IndexOf(']', at);
                if (end < 0 || !int.TryParse(path.AsSpan(at + 1, end - at - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                node = node is JsonArray array && index < array.Count ? array[index] : null;
                at = end + 1;
            }
            else
            {
                return null;
            }
        }

        return at == path.Length ? node : null;
    }

    /// <summary>
    /// Nulls that survived reading: the serializer drops null fields, so these are map values or list items
    /// (<c>matchLabels: {app: ~}</c>), which the API server would read as empty strings. They are refused rather than
    /// guessed at.
    /// </summary>
    private static void AddNulls(JsonNode? read, FieldPath path, List<FieldError> errors)
    {
        switch (read)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is null)
                    {
                        // Only a map keeps a null entry, so the key is a map key: metadata.labels[app].
                        errors.Add(FieldError.Invalid(path.Key(key), "null", "must be a value, not null; write \"\" for an empty string"));
                    }
                    else
                    {
                        AddNulls(value, path.Value.Length == 0 ? FieldPath.Root(key) : path.Child(key), errors);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null)
                    {
                        errors.Add(FieldError.Invalid(path.Index(i), "null", "must be a value, not null; write \"\" for an empty string"));
                    }
                    else
                    {
                        AddNulls(array[i], path.Index(i), errors);
                    }
                }

                break;
        }
    }

    /// <summary>The fields of <paramref name="written"/> that reading into the typed object lost: those it does not declare.</summary>
    private static void AddUnknownFields(JsonNode? written, JsonNode? read, FieldPath path, List<FieldError> errors)
    {
        switch (written)
        {
            case JsonObject writtenObject:
                foreach (var (key, value) in writtenObject)
                {
                    if (value is null)
                    {
                        continue; // a null is the same as an absent field
                    }

                    if (read is not JsonObject readObject || !readObject.ContainsKey(key))
                    {
                        errors.Add(FieldError.UnknownField(path.Child(key)));
                        continue;
                    }

                    AddUnknownFields(value, readObject[key], path.Child(key), errors);
                }

                break;
            case JsonArray writtenArray when read is JsonArray readArray:
                for (var i = 0; i < Math.Min(writtenArray.Count, readArray.Count); i++)
                {
                    AddUnknownFields(writtenArray[i], readArray[i], path.Index(i), errors);
                }

                break;
        }
    }
}
