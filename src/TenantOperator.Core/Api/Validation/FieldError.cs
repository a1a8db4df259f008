using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.Api.Validation;

/// <summary>
/// One validation error, rendered the way the API server renders it, for example
/// <c>spec.egress[1].to[0].ipBlock.except[0]: Invalid value: "10.1.0.0/16": must be inside cidr 10.0.0.0/16</c>.
/// </summary>
public sealed record FieldError(FieldErrorType Type, string Field, object? Value, string Detail)
{
    /// <summary>The Status cause type the API server uses for this kind of error.</summary>
    public string Reason => Type switch
    {
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        _ => "FieldValueUnknown",
    };

    /// <summary>An invalid value with the reason it is invalid.</summary>
    public static FieldError Invalid(FieldPath field, object? value, string detail) => new(FieldErrorType.Invalid, field.Value, value, detail);

    /// <summary>A missing required value.</summary>
    public static FieldError Required(FieldPath field, string detail = "") => new(FieldErrorType.Required, field.Value, null, detail);

    /// <summary>A value outside the allowed set.</summary>
    public static FieldError NotSupported(FieldPath field, object? value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, field.Value, value, "supported values: " + string.Join(", ", supported.Select(s => Quote(s))));

    /// <summary>A value that must be unique and is not.</summary>
    public static FieldError Duplicate(FieldPath field, object? value) => new(FieldErrorType.Duplicate, field.Value, value, "");

    /// <summary>A string longer than allowed.</summary>
    public static FieldError TooLong(FieldPath field, int maxLength) =>
        new(FieldErrorType.TooLong, field.Value, null, $"may not be more than {maxLength} bytes");

    /// <summary>A list longer than allowed.</summary>
    public static FieldError TooMany(FieldPath field, int actual, int max) =>
        new(FieldErrorType.TooMany, field.Value, actual, $"must have at most {max} items");

    /// <summary>A value that may not be set.</summary>
    public static FieldError Forbidden(FieldPath field, string detail) => new(FieldErrorType.Forbidden, field.Value, null, detail);

    /// <summary>A field the schema does not declare.</summary>
    public static FieldError UnknownField(FieldPath field) => new(FieldErrorType.UnknownField, field.Value, null, $"unknown field \"{field.Value}\"");

    /// <summary>The message without the field, as in a Status cause's <c>message</c>.</summary>
    public string Message => Type switch
    {
        FieldErrorType.Invalid => $"Invalid value: {FormatValue(Value)}{Suffix}",
        FieldErrorType.Required => $"Required value{Suffix}",
        FieldErrorType.NotSupported => $"Unsupported value: {FormatValue(Value)}{Suffix}",
        FieldErrorType.Duplicate => $"Duplicate value: {FormatValue(Value)}{Suffix}",
        FieldErrorType.TooLong => $"Too long{Suffix}",
        FieldErrorType.TooMany => $"Too many: {FormatValue(Value)}{Suffix}",
        FieldErrorType.Forbidden => $"Forbidden{Suffix}",
        _ => Detail,
    };

    /// <inheritdoc />
    public override string ToString() => Type == FieldErrorType.UnknownField ? Detail : $"{Field}: {Message}";

    private string Suffix => Detail.Length == 0 ? "" : ": " + Detail;

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        JsonNode node => node.ToJsonString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
