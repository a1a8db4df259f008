using System.Globalization;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Builds <see cref="StatusCause"/>s with the wording of Kubernetes' field errors (k8s.io/apimachinery
/// <c>field.Required</c>, <c>field.Invalid</c>, ...): the type's text, then the bad value as Go prints it, then the detail.
/// </summary>
public static class FieldErrors
{
    /// <summary>The field path Kubernetes prints for an error that belongs to no field.</summary>
    public const string NoField = "<nil>";

    /// <summary><c>Required value</c>, plus <c>: detail</c> when a detail is given.</summary>
    public static StatusCause Required(string field, string detail = "") =>
        new(field, FieldErrorReasons.Required, WithDetail("Required value", detail));

    /// <summary><c>Invalid value: &lt;value&gt;: detail</c> for a JSON value (strings quoted, maps in Go syntax).</summary>
    public static StatusCause Invalid(string field, JsonNode? value, string detail) =>
        new(field, FieldErrorReasons.Invalid, WithDetail("Invalid value: " + FormatValue(value), detail));

    /// <summary><c>Invalid value: "text": detail</c>.</summary>
    public static StatusCause Invalid(string field, string value, string detail) =>
        new(field, FieldErrorReasons.Invalid, WithDetail("Invalid value: " + GoText.Quote(value), detail));

    /// <summary><c>Invalid value: 12: detail</c>.</summary>
    public static StatusCause Invalid(string field, long value, string detail) =>
        new(field, FieldErrorReasons.Invalid, WithDetail("Invalid value: " + value.ToString(CultureInfo.InvariantCulture), detail));

    /// <summary>A type mismatch: <c>Invalid value: "string": spec.port in body must be of type integer: "string"</c>.</summary>
    public static StatusCause TypeInvalid(string field, string value, string detail) =>
        new(field, FieldErrorReasons.TypeInvalid, WithDetail("Invalid value: " + GoText.Quote(value), detail));

    /// <summary><c>Unsupported value: "Foo": supported values: "Enforce", "DryRun"</c>.</summary>
    public static StatusCause NotSupported(string field, JsonNode? value, IEnumerable<string> supportedValues)
    {
        var quoted = supportedValues.Select(GoText.Quote).ToList();
        var detail = quoted.Count > 0 ? "supported values: " + string.Join(", ", quoted) : "";
        return new(field, FieldErrorReasons.NotSupported, WithDetail("Unsupported value: " + FormatValue(value), detail));
    }

    /// <summary><c>Unsupported value: "text": supported values: ...</c>.</summary>
    public static StatusCause NotSupported(string field, string value, IEnumerable<string> supportedValues) =>
        NotSupported(field, JsonValue.Create(value), supportedValues);

    /// <summary><c>Duplicate value: &lt;value&gt;</c>.</summary>
    public static StatusCause Duplicate(string field, JsonNode? value) =>
        new(field, FieldErrorReasons.Duplicate, "Duplicate value: " + FormatValue(value));

    /// <summary><c>Duplicate value: "text"</c>.</summary>
    public static StatusCause Duplicate(string field, string value) =>
        new(field, FieldErrorReasons.Duplicate, "Duplicate value: " + GoText.Quote(value));

    /// <summary><c>Forbidden: detail</c>.</summary>
    public static StatusCause Forbidden(string field, string detail) =>
        new(field, FieldErrorReasons.Forbidden, WithDetail("Forbidden", detail));

    /// <summary><c>Too long: may not be more than N bytes</c> (the value itself is never shown).</summary>
    public static StatusCause TooLong(string field, long maxLength) =>
        new(field, FieldErrorReasons.TooLong, maxLength >= 0
            ? $"Too long: may not be more than {maxLength.ToString(CultureInfo.InvariantCulture)} bytes"
            : "Too long: value is too long");

    /// <summary><c>Too many: 4: must have at most 3 items</c>.</summary>
    public static StatusCause TooMany(string field, long actual, long maximum)
    {
        var detail = maximum >= 0 ? $"must have at most {maximum.ToString(CultureInfo.InvariantCulture)} items" : "has too many items";
        var body = actual >= 0 ? $"Too many: {actual.ToString(CultureInfo.InvariantCulture)}" : "Too many";
        return new(field, FieldErrorReasons.TooMany, body + ": " + detail);
    }

    /// <summary><c>Internal error: detail</c>.</summary>
    public static StatusCause Internal(string field, string detail) =>
        new(field, FieldErrorReasons.Internal, WithDetail("Internal error", detail));

    /// <summary>How a bad value appears in a field error: strings quoted, numbers and booleans bare, null as "null", maps and lists in Go syntax.</summary>
    internal static string FormatValue(JsonNode? value) => GoValues.KindOf(value) switch
    {
        GoKind.Null => "\"null\"",
        GoKind.String => GoText.Quote(value!.GetValue<string>()),
        GoKind.Map or GoKind.Slice => GoText.GoSyntax(value),
        _ => GoText.Print(value),
    };

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : body + ": " + detail;
}
