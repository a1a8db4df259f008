using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TenantOperator.LocalApiServer.BuiltIns.Validation;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Kubernetes' rules for object names, label keys and label values, with its error wording.</summary>
internal static partial class MetadataValidation
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string QualifiedNameMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    /// <summary>The problems with an object's name under the resource's rule (empty when valid), every message
    /// Kubernetes gives (a name can be both too long and malformed).</summary>
    public static IEnumerable<StatusCause> NameErrors(string name, NameRule rule, string field = "metadata.name")
    {
        switch (rule)
        {
            case NameRule.Label:
                foreach (var message in KubernetesNames.Dns1123LabelErrors(name))
                {
                    yield return Invalid(field, name, message);
                }

                break;
            case NameRule.Subdomain:
                foreach (var message in KubernetesNames.Dns1123SubdomainErrors(name))
                {
                    yield return Invalid(field, name, message);
                }

                break;
            case NameRule.PathSegment when name is "." or "..":
                yield return Invalid(field, name, $"may not be '{name}'");
                break;
            case NameRule.PathSegment when name.Contains('/') || name.Contains('%'):
                yield return Invalid(field, name, $"may not contain '{(name.Contains('/') ? "/" : "%")}'");
                break;
        }
    }

    /// <summary>The problems with metadata.labels (empty when valid).</summary>
    public static IEnumerable<StatusCause> LabelErrors(JsonObject metadata)
    {
        if (metadata["labels"] is not JsonObject labels)
        {
            yield break;
        }

        foreach (var (key, value) in labels)
        {
            foreach (var keyError in KubernetesNames.QualifiedNameErrors(key))
            {
                yield return Invalid("metadata.labels", key, keyError);
            }

            if (value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                yield return Invalid($"metadata.labels.{key}", value?.ToJsonString() ?? "null", "must be a string");
            }
            else
            {
                foreach (var valueError in KubernetesNames.LabelValueErrors(v.GetValue<string>()))
                {
                    yield return Invalid("metadata.labels", v.GetValue<string>(), valueError);
                }
            }
        }
    }

    /// <summary>Why <paramref name="key"/> is not a valid qualified name (label key), or null.</summary>
    public static string? QualifiedNameError(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !Dns1123Subdomain().IsMatch(prefix))
            {
                return "prefix part " + SubdomainMessage;
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > 63)
        {
            return "name part must be no more than 63 characters";
        }

        return QualifiedNamePart().IsMatch(name) ? null : QualifiedNameMessage;
    }

    /// <summary>Why <paramref name="value"/> is not a valid label value, or null.</summary>
    public static string? LabelValueError(string value)
    {
        if (value.Length > 63)
        {
            return "must be no more than 63 characters";
        }

        return value.Length == 0 || QualifiedNamePart().IsMatch(value) ? null : LabelValueMessage;
    }

    private static StatusCause Invalid(string field, string value, string detail) => StatusCause.Invalid(field, value, detail);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();
}
