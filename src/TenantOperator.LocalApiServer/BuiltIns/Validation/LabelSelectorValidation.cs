using System.Text.Json.Nodes;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.BuiltIns.Validation;

/// <summary>
/// metav1 label selector and label map validation (k8s.io/apimachinery/pkg/apis/meta/v1/validation, v1.32), on the
/// JSON of a typed-decoded object (so strings are strings).
/// </summary>
internal static class LabelSelectorValidation
{
    /// <summary>ValidateLabelSelector: matchLabels as labels, then each matchExpressions requirement.</summary>
    public static IEnumerable<StatusCause> Validate(JsonNode? selector, string path)
    {
        if (selector is not JsonObject members)
        {
            yield break;
        }

        foreach (var error in ValidateLabels(members["matchLabels"], path + ".matchLabels"))
        {
            yield return error;
        }

        if (members["matchExpressions"] is JsonArray expressions)
        {
            for (var i = 0; i < expressions.Count; i++)
            {
                foreach (var error in ValidateRequirement(expressions[i] as JsonObject ?? [], $"{path}.matchExpressions[{i}]"))
                {
                    yield return error;
                }
            }
        }
    }

    /// <summary>ValidateLabels: every key a qualified name, every value a label value; both reported at the map's path.</summary>
    public static IEnumerable<StatusCause> ValidateLabels(JsonNode? labels, string path)
    {
        if (labels is not JsonObject members)
        {
            yield break;
        }

        foreach (var (key, value) in members)
        {
            foreach (var message in KubernetesNames.QualifiedNameErrors(key))
            {
                yield return FieldErrors.Invalid(path, key, message);
            }

            var text = JsonFields.Text(value);
            foreach (var message in KubernetesNames.LabelValueErrors(text))
            {
                yield return FieldErrors.Invalid(path, text, message);
            }
        }
    }

    private static IEnumerable<StatusCause> ValidateRequirement(JsonObject requirement, string path)
    {
        var op = JsonFields.Text(requirement["operator"]);
        var values = requirement["values"] as JsonArray ?? [];
        switch (op)
        {
            case "In" or "NotIn":
                if (values.Count == 0)
                {
                    yield return FieldErrors.Required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                }

                break;
            case "Exists" or "DoesNotExist":
                if (values.Count > 0)
                {
                    yield return FieldErrors.Forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }

                break;
            default:
                yield return FieldErrors.Invalid(path + ".operator", op, "not a valid selector operator");
                break;
        }

        var key = JsonFields.Text(requirement["key"]);
        foreach (var message in KubernetesNames.QualifiedNameErrors(key))
        {
            yield return FieldErrors.Invalid(path + ".key", key, message);
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = JsonFields.Text(values[i]);
            foreach (var message in KubernetesNames.LabelValueErrors(value))
            {
                yield return FieldErrors.Invalid($"{path}.values[{i}]", value, message);
            }
        }
    }
}
