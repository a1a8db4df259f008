using System.Globalization;
using TenantOperator.ApiMachinery;

namespace TenantOperator.Api.Validation;

/// <summary>
/// Checks a port: a number from 1 to 65535 or a port name (IANA_SVC_NAME: at most 15 characters of a-z, 0-9 and
/// '-', with a letter, no '--' and no '-' at either end); endPort only after a numeric port, and not below it. The
/// CRD's CEL rule checks only the number's range and the name's length: the name's characters are checked here alone.
/// </summary>
internal static class PortValidator
{
    /// <summary>Follows the error of a port written as a quoted number, which the API server reads as a name.</summary>
    public const string QuotedNumberHint = " (a quoted number is a port name; write the number without quotes)";

    /// <param name="port">The port.</param>
    /// <param name="path">Where it is.</param>
    /// <param name="writtenAsString">The document wrote the port as a string, so it is a name even if all digits.</param>
    /// <param name="errors">Where errors go.</param>
    public static void Validate(PolicyPort port, FieldPath path, bool writtenAsString, List<FieldError> errors)
    {
        long? number = null;
        if (port.Port?.Value is { } value)
        {
            if (!writtenAsString && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                number = parsed;
                errors.AddRange(KubernetesNames.PortNumberErrors(parsed).Select(e => FieldError.Invalid(path.Child("port"), parsed, e)));
            }
            else
            {
                var hint = writtenAsString && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? QuotedNumberHint : "";
                errors.AddRange(KubernetesNames.PortNameErrors(value).Select(e => FieldError.Invalid(path.Child("port"), value, e + hint)));
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
