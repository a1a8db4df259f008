using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.Api.Validation;

/// <summary>Checks a port: a number from 1 to 65535 or a port name; endPort only after a numeric port, and not below it.</summary>
internal static class PortValidator
{
    private const int MaxPort = 65535;

    /// <summary>
    /// Checks the ports as written: a string of digits (<c>port: "80"</c>) is a port name to the API server, and an
    /// invalid one (a name needs a letter), as our CRD's rule and Kubernetes' NetworkPolicy validation both say. The
    /// typed <see cref="PolicyPort"/> cannot tell <c>"80"</c> from <c>80</c>, so this looks at the document.
    /// </summary>
    public static void ValidateWrittenTypes(JsonObject document, List<FieldError> errors)
    {
        foreach (var direction in new[] { "ingress", "egress" })
        {
            if (document["spec"] is not JsonObject spec || spec[direction] is not JsonArray rules)
            {
                continue;
            }

            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i] is not JsonObject rule || rule["ports"] is not JsonArray ports)
                {
                    continue;
                }

                for (var j = 0; j < ports.Count; j++)
                {
                    var path = FieldPath.Root("spec").Child(direction).Index(i).Child("ports").Index(j);
                    if (ports[j] is JsonObject port && port["port"] is JsonValue written && written.GetValueKind() == JsonValueKind.String
                        && long.TryParse(written.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    {
                        var text = written.GetValue<string>();
                        errors.AddRange(KubernetesNames.PortNameErrors(text).Select(e => FieldError.Invalid(path.Child("port"), text, e + " (a quoted number is a port name; write the number without quotes)")));
                        if (port["endPort"] is not null)
                        {
                            errors.Add(FieldError.Forbidden(path.Child("endPort"), "may not be specified when port is a name"));
                        }
                    }
                }
            }
        }
    }

    public static void Validate(PolicyPort port, FieldPath path, List<FieldError> errors)
    {
        long? number = null;
        if (port.Port?.Value is { } value)
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                number = parsed;
                if (parsed is < 1 or > MaxPort)
                {
                    errors.Add(FieldError.Invalid(path.Child("port"), parsed, $"must be between 1 and {MaxPort}, inclusive"));
                }
            }
            else
            {
                errors.AddRange(KubernetesNames.PortNameErrors(value).Select(e => FieldError.Invalid(path.Child("port"), value, e)));
            }
        }

        if (port.EndPort is not { } endPort)
        {
            return;
        }

        if (port.Port is null)
        {
            errors.Add(FieldError.Required(path.Child("port"), "must be specified when endPort is"));
        }
        else if (number is null)
        {
            errors.Add(FieldError.Forbidden(path.Child("endPort"), "may not be specified when port is a name"));
        }
        else if (endPort < number)
        {
            errors.Add(FieldError.Invalid(path.Child("endPort"), endPort, $"must be greater than or equal to port ({number})"));
        }
    }
}
