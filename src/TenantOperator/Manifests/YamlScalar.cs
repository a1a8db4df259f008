using System.Globalization;
using System.Text.Json.Nodes;

namespace TenantOperator.Manifests;

/// <summary>What a YAML scalar resolved to.</summary>
internal enum YamlScalarKind
{
    /// <summary><c>~</c>, <c>null</c>, or nothing.</summary>
    Null,

    /// <summary><c>true</c>, <c>yes</c>, <c>on</c>, <c>y</c> and the false ones.</summary>
    Boolean,

    /// <summary>A whole number that fits 64 bits, signed or unsigned.</summary>
    Integer,

    /// <summary>A floating-point number (possibly infinite or NaN, which JSON cannot carry).</summary>
    Float,

    /// <summary>A string.</summary>
    String,
}

/// <summary>
/// One resolved YAML scalar: its kind and value as go-yaml v2 resolves it for kubectl, plus the original text.
/// <see cref="NumberOutOfRange"/> marks a plain scalar written as a number that does not fit a double or 64 bits, which
/// go-yaml leaves a string.
/// </summary>
internal readonly record struct YamlScalar(YamlScalarKind Kind, string Text, bool Boolean = false, Int128 Integer = default, double Float = 0, bool NumberOutOfRange = false)
{
    /// <summary>The scalar as the JSON value kubectl sends.</summary>
    /// <exception cref="ManifestInputException">JSON cannot carry the value, so kubectl refuses it, or it is a number out of range.</exception>
    public JsonNode? ToJson(long line, long column) => Kind switch
    {
        YamlScalarKind.Null => null,
        YamlScalarKind.Boolean => JsonValue.Create(Boolean),
        YamlScalarKind.Integer => Integer >= long.MinValue && Integer <= long.MaxValue ? JsonValue.Create((long)Integer) : JsonValue.Create((ulong)Integer),
        YamlScalarKind.Float when !double.IsFinite(Float) => throw new ManifestInputException(
            $"{Quoted.Cut(Text)} is not a finite number: JSON cannot carry it, and kubectl refuses it", line, column),
        // kubectl's JSON writes an integral float without a fraction (80.0 is sent as 80), so the server reads an integer.
        YamlScalarKind.Float when Float == Math.Floor(Float) && Float >= -9.2233720368547758E18 && Float < 9.2233720368547758E18 => JsonValue.Create((long)Float),
        YamlScalarKind.Float => JsonValue.Create(Float),
        _ when NumberOutOfRange => throw new ManifestInputException(
            $"the number {Quoted.Cut(Text)} is out of range: kubectl would send it as the string {Quoted.Of(Quoted.Cut(Text))}; quote it if a string is meant", line, column),
        _ => JsonValue.Create(Text),
    };

    /// <summary>
    /// The scalar as a mapping key, converted to a string as sigs.k8s.io/yaml converts keys for JSON: booleans to
    /// <c>true</c>/<c>false</c>, integers in decimal, floats in Go's shortest 32-bit <c>%g</c> form.
    /// </summary>
    /// <exception cref="ManifestInputException">kubectl refuses the key: a null, or an integer above the int64 range.</exception>
    public string ToKey(long line, long column) => Kind switch
    {
        YamlScalarKind.String => Text,
        YamlScalarKind.Boolean => Boolean ? "true" : "false",
        YamlScalarKind.Integer when Integer <= long.MaxValue => Integer.ToString(CultureInfo.InvariantCulture),
        YamlScalarKind.Integer => throw new ManifestInputException(
            $"the key {Quoted.Cut(Text)} is an unsigned 64-bit integer, a key type kubectl refuses; quote it to make it a string", line, column),
        YamlScalarKind.Float => GoFloatKey.Format(Float),
        _ => throw new ManifestInputException($"a null key ({(Text.Length == 0 ? "empty" : Quoted.Cut(Text))}) is not allowed: kubectl refuses it", line, column),
    };
}
