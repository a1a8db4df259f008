using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace TenantOperator.Manifests;

/// <summary>
/// KubernetesClient's own serializer options with two converters in front that refuse a value of the wrong type by a
/// <see cref="JsonException"/>. The library's converters for int-or-string fields (ports, probe ports) and quantities
/// (resources) throw exception types System.Text.Json passes on without the field's path (<c>port: true</c>,
/// <c>cpu: abc</c>); a <see cref="JsonException"/> gets the path, so the error names the field as every other does.
/// </summary>
internal static class StrictKubernetesJson
{
    /// <summary>The options to read built-in kinds with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        JsonSerializerOptions? library = null;
        KubernetesJson.AddJsonOptions(options => library = options);
        var strict = new JsonSerializerOptions(library!);
        strict.Converters.Insert(0, new StrictIntOrStringConverter());
        strict.Converters.Insert(0, new StrictQuantityConverter());
        return strict;
    }

    /// <summary>A value the field's type cannot hold; System.Text.Json adds the field's path, the message says what fits.</summary>
    public sealed class FieldTypeException : JsonException
    {
        /// <summary>Creates the exception.</summary>
        public FieldTypeException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>An int-or-string field: a whole number or a string, as the API server's IntOrString reads it.</summary>
    private sealed class StrictIntOrStringConverter : JsonConverter<IntOrString>
    {
        public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Number when reader.TryGetInt64(out var number) => number,
            JsonTokenType.Number => throw new FieldTypeException("must be a whole number or a string"),
            _ => throw new FieldTypeException("must be of type integer or string"),
        };

        public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options) =>
            new IntOrStringJsonConverter().Write(writer, value, options);
    }

    /// <summary>A quantity (<c>100m</c>, <c>1Gi</c>, <c>2</c>): a string or a number that parses as one.</summary>
    private sealed class StrictQuantityConverter : JsonConverter<ResourceQuantity>
    {
        public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
            {
                throw new FieldTypeException("must be a quantity (a string such as 100m or 1Gi, or a number)");
            }

            var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            try
            {
                return new ResourceQuantity(text);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                throw new FieldTypeException("must be a quantity such as 100m, 1.5 or 1Gi", ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) =>
            new ResourceQuantityJsonConverter().Write(writer, value, options);
    }
}
