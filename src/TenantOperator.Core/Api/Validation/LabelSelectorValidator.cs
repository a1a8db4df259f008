using TenantOperator.ApiMachinery;

namespace TenantOperator.Api.Validation;

/// <summary>Checks a label selector's keys, values and expressions as the API server does.</summary>
internal static class LabelSelectorValidator
{
    public static void Validate(LabelSelector? selector, FieldPath path, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }

        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            var labels = path.Child("matchLabels");
            errors.AddRange(KubernetesNames.QualifiedNameErrors(key).Select(e => FieldError.Invalid(labels, key, e)));
            errors.AddRange(KubernetesNames.LabelValueErrors(value).Select(e => FieldError.Invalid(labels, value, e)));
        }

        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            ValidateExpression(expressions[i], path.Child("matchExpressions").Index(i), errors);
        }
    }

    private static void ValidateExpression(LabelSelectorRequirement expression, FieldPath path, List<FieldError> errors)
    {
        if (expression.Key.Length > 0)
        {
            errors.AddRange(KubernetesNames.QualifiedNameErrors(expression.Key).Select(e => FieldError.Invalid(path.Child("key"), expression.Key, e)));
        }

        var values = expression.Values ?? [];
        var valuesPath = path.Child("values");
        switch (expression.Operator)
        {
            case "In" or "NotIn" when values.Count == 0:
                errors.Add(FieldError.Required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
                break;
            case "Exists" or "DoesNotExist" when values.Count > 0:
                errors.Add(FieldError.Forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                break;
        }

        for (var i = 0; i < values.Count; i++)
        {
            errors.AddRange(KubernetesNames.LabelValueErrors(values[i]).Select(e => FieldError.Invalid(valuesPath.Index(i), values[i], e)));
        }
    }
}
