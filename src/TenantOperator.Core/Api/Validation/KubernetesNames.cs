using System.Text.RegularExpressions;

namespace TenantOperator.Api.Validation;

/// <summary>Kubernetes' name and label syntax rules. Each check returns the reasons a value fails (empty when valid).</summary>
public static partial class KubernetesNames
{
    private const int DnsLabelMaxLength = 63;
    private const int DnsSubdomainMaxLength = 253;
    private const int LabelValueMaxLength = 63;
    private const int PortNameMaxLength = 15;

    /// <summary>An RFC 1123 label: namespace names, rule names, tenant names.</summary>
    public static IReadOnlyList<string> DnsLabelErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > DnsLabelMaxLength)
        {
            errors.Add($"must be no more than {DnsLabelMaxLength} characters");
        }

        if (!DnsLabelRegex().IsMatch(value))
        {
            errors.Add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')");
        }

        return errors;
    }

    /// <summary>An RFC 1123 subdomain: object names such as a NetworkPolicy's.</summary>
    public static IReadOnlyList<string> DnsSubdomainErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > DnsSubdomainMaxLength)
        {
            errors.Add($"must be no more than {DnsSubdomainMaxLength} characters");
        }

        if (!DnsSubdomainRegex().IsMatch(value))
        {
            errors.Add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')");
        }

        return errors;
    }

    /// <summary>A label key: an optional DNS-subdomain prefix and '/', then a name of up to 63 characters.</summary>
    public static IReadOnlyList<string> LabelKeyErrors(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        var errors = new List<string>();
        if (slash >= 0)
        {
            var prefix = value[..slash];
            if (prefix.Length == 0)
            {
                errors.Add("prefix part must be non-empty");
            }
            else
            {
                errors.AddRange(DnsSubdomainErrors(prefix).Select(e => "prefix part " + e));
            }
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > LabelValueMaxLength)
        {
            errors.Add($"name part must be no more than {LabelValueMaxLength} characters");
        }
        else if (!QualifiedNameRegex().IsMatch(name))
        {
            errors.Add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')");
        }

        return errors;
    }

    /// <summary>A label value: empty, or up to 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric.</summary>
    public static IReadOnlyList<string> LabelValueErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > LabelValueMaxLength)
        {
            errors.Add($"must be no more than {LabelValueMaxLength} characters");
        }

        if (value.Length > 0 && !QualifiedNameRegex().IsMatch(value))
        {
            errors.Add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', 'my_value' or '12345')");
        }

        return errors;
    }

    /// <summary>A port name (IANA_SVC_NAME): up to 15 lower-case alphanumerics and '-', with at least one letter.</summary>
    public static IReadOnlyList<string> PortNameErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > PortNameMaxLength)
        {
            errors.Add($"must be no more than {PortNameMaxLength} characters");
        }

        if (!PortNameCharsRegex().IsMatch(value))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (value.StartsWith('-') || value.EndsWith('-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        if (!value.Any(char.IsAsciiLetterLower))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabelRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomainRegex();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex PortNameCharsRegex();
}
