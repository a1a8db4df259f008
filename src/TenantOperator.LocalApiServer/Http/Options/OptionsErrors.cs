using System.Globalization;
using System.Text;
using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Http.Options;

/// <summary>
/// The 422 Invalid that kube-apiserver answers for request options that fail validation
/// (k8s.io/apimachinery/pkg/apis/meta/v1/validation and metainternalversion/validation): the options kind
/// in group meta.k8s.io with an empty name, e.g. <c>CreateOptions.meta.k8s.io "" is invalid: dryRun: ...</c>.
/// </summary>
internal static class OptionsErrors
{
    public static void ThrowIfAny(string optionsKind, IReadOnlyList<StatusCause> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid($"{optionsKind}.meta.k8s.io", "meta.k8s.io", optionsKind, string.Empty, [.. errors]);
        }
    }

    /// <summary>apimachinery's ValidateDryRun: every value must be <c>All</c>.</summary>
    public static IEnumerable<StatusCause> DryRun(IReadOnlyList<string?> values)
    {
        if (values.Any(v => v != "All"))
        {
            yield return new StatusCause("dryRun", FieldErrorReasons.NotSupported, $"Unsupported value: {GoStringSlice(values)}: supported values: \"All\"");
        }
    }

    /// <summary>apimachinery's ValidateFieldValidation: empty, <c>Ignore</c>, <c>Strict</c> or <c>Warn</c>.</summary>
    public static IEnumerable<StatusCause> FieldValidation(string value)
    {
        if (value is not ("" or "Ignore" or "Strict" or "Warn"))
        {
            yield return FieldErrors.NotSupported("fieldValidation", value, ["", "Ignore", "Strict", "Warn"]);
        }
    }

    /// <summary>apimachinery's ValidateFieldManager: at most 128 bytes, printable characters only.</summary>
    public static IEnumerable<StatusCause> FieldManager(string value)
    {
        if (Encoding.UTF8.GetByteCount(value) > 128)
        {
            yield return FieldErrors.TooLong("fieldManager", 128);
        }

        var position = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (!IsGoPrintable(rune))
            {
                yield return FieldErrors.Invalid("fieldManager", value, string.Create(CultureInfo.InvariantCulture, $"invalid character U+{rune.Value:X4} (at position {position})"));
            }

            position += rune.Utf8SequenceLength;
        }
    }

    /// <summary>Go's <c>%#v</c> of a []string, as field errors print a list value: <c>[]string{"a", "b"}</c>.</summary>
    public static string GoStringSlice(IEnumerable<string?> values) =>
        "[]string{" + string.Join(", ", values.Select(v => GoText.Quote(v ?? string.Empty))) + "}";

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsGoPrintable(System.Text.Rune rune) =>
        rune.Value == ' ' || System.Text.Rune.GetUnicodeCategory(rune) switch
        {
            System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.SpaceSeparator
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
}
