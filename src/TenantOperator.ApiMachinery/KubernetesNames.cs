using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TenantOperator.ApiMachinery;

/// <summary>
/// Kubernetes' string rules (k8s.io/apimachinery/pkg/util/validation, v1.32) with kube-apiserver's exact messages,
/// the one copy both the operator (what it checks before writing) and the LocalApiServer (what it refuses) apply.
/// Each check returns every message that applies, in Kubernetes' order, as Kubernetes does: a value can be both too
/// long and malformed. Lengths count UTF-8 bytes, as Go's <c>len</c> does.
/// </summary>
public static partial class KubernetesNames
{
    private const string QualifiedNameDetail = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueDetail = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string Dns1123LabelDetail = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainDetail = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelDetail = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const int PortNameMaxLength = 15;

    // Each rule's "does not match" message is a constant: built once, not on every failed check.
    private static readonly string QualifiedNameError = RegexError(QualifiedNameDetail, QualifiedNameFormat, "MyName", "my.name", "123-abc");
    private static readonly string LabelValueError = RegexError(LabelValueDetail, LabelValueFormat, "MyValue", "my_value", "12345");
    private static readonly string Dns1123LabelError = RegexError(Dns1123LabelDetail, Dns1123LabelFormat, "my-name", "123-abc");
    private static readonly string Dns1123SubdomainError = RegexError(Dns1123SubdomainDetail, Dns1123SubdomainFormat, "example.com");
    private static readonly string Dns1035LabelError = RegexError(Dns1035LabelDetail, Dns1035LabelFormat, "my-name", "abc-123");
    private const int MaxPortNumber = 65535;

    /// <summary>A qualified name's name part, and a non-empty label value (qualifiedNameFmt), unanchored.</summary>
    public const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

    /// <summary>An RFC 1123 label (dns1123LabelFmt), unanchored; its length is checked apart.</summary>
    public const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /// <summary>An RFC 1123 subdomain (dns1123SubdomainFmt), unanchored; its length is checked apart.</summary>
    public const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";

    /// <summary>"must be non-empty".</summary>
    public const string EmptyError = "must be non-empty";

    /// <summary>The longest label value, name part of a qualified name, and DNS label (RFC 1123 and RFC 1035).</summary>
    public const int LabelValueMaxLength = 63;

    /// <summary>The longest DNS subdomain.</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    /// <summary>IsQualifiedName (label keys, annotation keys, finalizers): an optional DNS subdomain prefix and '/',
    /// then a name part of at most 63 characters.</summary>
    public static IReadOnlyList<string> QualifiedNameErrors(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part " + EmptyError);
                }
                else
                {
                    errors.AddRange(Dns1123SubdomainErrors(prefix).Select(m => "prefix part " + m));
                }

                break;
            default:
                errors.Add("a qualified name " + QualifiedNameError +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part " + EmptyError);
        }
        else if (GoLength(name) > LabelValueMaxLength)
        {
            errors.Add("name part " + MaxLenError(LabelValueMaxLength));
        }

        if (!QualifiedName().IsMatch(name))
        {
            errors.Add("name part " + QualifiedNameError);
        }

        return errors;
    }

    /// <summary>IsValidLabelValue: empty, or at most 63 characters of a qualified name part.</summary>
    public static IReadOnlyList<string> LabelValueErrors(string value) =>
        LengthAndFormatErrors(value, LabelValueMaxLength, LabelValue(), LabelValueError);

    /// <summary>IsDNS1123Label (namespace names, tenant names): at most 63 lower-case alphanumerics and '-'; a valid
    /// subdomain with dots gets "must not contain dots".</summary>
    public static IReadOnlyList<string> Dns1123LabelErrors(string value)
    {
        var errors = new List<string>();
        if (GoLength(value) > LabelValueMaxLength)
        {
            errors.Add(MaxLenError(LabelValueMaxLength));
        }

        if (!Dns1123Label().IsMatch(value))
        {
            // Too long was said already: a valid subdomain that is no valid label has dots.
            errors.Add(Dns1123Subdomain().IsMatch(value)
                ? "must not contain dots"
                : Dns1123LabelError);
        }

        return errors;
    }

    /// <summary>IsDNS1123Subdomain (most object names): at most 253 characters of dot-separated DNS labels.</summary>
    public static IReadOnlyList<string> Dns1123SubdomainErrors(string value) =>
        LengthAndFormatErrors(value, Dns1123SubdomainMaxLength, Dns1123Subdomain(), Dns1123SubdomainError);

    /// <summary>IsDNS1035Label: at most 63 lower-case alphanumerics and '-', starting with a letter.</summary>
    public static IReadOnlyList<string> Dns1035LabelErrors(string value) =>
        LengthAndFormatErrors(value, LabelValueMaxLength, Dns1035Label(), Dns1035LabelError);

    /// <summary>IsValidPortNum: 1 to 65535.</summary>
    public static IReadOnlyList<string> PortNumberErrors(long port) =>
        port is >= 1 and <= MaxPortNumber ? [] : [InclusiveRangeError(1, MaxPortNumber)];

    /// <summary>IsValidPortName: an IANA service name (at most 15 characters, a-z 0-9 '-', at least one letter, no
    /// '--', no '-' at the ends).</summary>
    public static IReadOnlyList<string> PortNameErrors(string port)
    {
        var errors = new List<string>();
        if (GoLength(port) > PortNameMaxLength)
        {
            errors.Add(MaxLenError(PortNameMaxLength));
        }

        if (!PortNameCharacters().IsMatch(port))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!port.Any(char.IsAsciiLetterLower))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    /// <summary>IsValidPathSegmentName (k8s.io/apimachinery/pkg/api/validation/path): a name that can stand as one
    /// segment of a request path, and of a storage key. Names of kinds without a stricter rule (Events, for one) and the
    /// name in every request path are checked with it.</summary>
    public static IReadOnlyList<string> PathSegmentNameErrors(string name)
    {
        if (name is "." or "..")
        {
            return [$"may not be '{name}'"];
        }

        var errors = new List<string>();
        foreach (var forbidden in new[] { "/", "%" })
        {
            if (name.Contains(forbidden, StringComparison.Ordinal))
            {
                errors.Add($"may not contain '{forbidden}'");
            }
        }

        return errors;
    }

    /// <summary>"must be no more than N characters".</summary>
    public static string MaxLenError(int length) => $"must be no more than {length.ToString(CultureInfo.InvariantCulture)} characters";

    /// <summary>"must be between LO and HI, inclusive".</summary>
    public static string InclusiveRangeError(long low, long high) =>
        $"must be between {low.ToString(CultureInfo.InvariantCulture)} and {high.ToString(CultureInfo.InvariantCulture)}, inclusive";

    /// <summary>A regular-expression failure as Kubernetes words it: the rule, examples, then the expression.</summary>
    public static string RegexError(string detail, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return detail + " (regex used for validation is '" + format + "')";
        }

        return detail + " (e.g. " + string.Join(" or ", examples.Select(e => "'" + e + "', ")) + "regex used for validation is '" + format + "')";
    }

    // The rules whose messages are "too long" and "does not match", each when it applies.
    private static List<string> LengthAndFormatErrors(string value, int maxLength, Regex format, string formatError)
    {
        var errors = new List<string>();
        if (GoLength(value) > maxLength)
        {
            errors.Add(MaxLenError(maxLength));
        }

        if (!format.IsMatch(value))
        {
            errors.Add(formatError);
        }

        return errors;
    }

    private static int GoLength(string value) => Encoding.UTF8.GetByteCount(value);

    // \z, not $: .NET's $ also matches before a final newline, Go's does not.
    [GeneratedRegex("^" + QualifiedNameFormat + "\\z")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFormat + "\\z")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^" + Dns1123LabelFormat + "\\z")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "\\z")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + Dns1035LabelFormat + "\\z")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharacters();
}
