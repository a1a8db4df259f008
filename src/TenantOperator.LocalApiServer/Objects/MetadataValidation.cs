using System.Text.Json.Nodes;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Kubernetes' rules for object names, label keys and label values, with its error wording.</summary>
internal static class MetadataValidation
{
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
            case NameRule.PathSegment:
                foreach (var message in KubernetesNames.PathSegmentNameErrors(name))
                {
                    yield return Invalid(field, name, message);
                }

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

    /// <summary>Why <paramref name="key"/> is not a valid qualified name (label key), or null: every message, joined
    /// with "; " as the label selector parser joins them.</summary>
    public static string? QualifiedNameError(string key) => Joined(KubernetesNames.QualifiedNameErrors(key));

    /// <summary>Why <paramref name="value"/> is not a valid label value, or null.</summary>
    public static string? LabelValueError(string value) => Joined(KubernetesNames.LabelValueErrors(value));

    private static string? Joined(IReadOnlyList<string> messages) => messages.Count == 0 ? null : string.Join("; ", messages);

    private static StatusCause Invalid(string field, string value, string detail) => StatusCause.Invalid(field, value, detail);
}
