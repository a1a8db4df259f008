using System.Globalization;

namespace TenantOperator.Api.Validation;

/// <summary>Checks a port: a number from 1 to 65535 or a port name; endPort only after a numeric port, and not below it.</summary>
internal static class PortValidator
{
    private const int MaxPort = 65535;

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
