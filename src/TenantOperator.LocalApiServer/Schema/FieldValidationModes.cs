namespace TenantOperator.LocalApiServer.Schema;

/// <summary>Parsing of the <c>fieldValidation</c> parameter and the texts Kubernetes uses for unknown fields.</summary>
public static class FieldValidationModes
{
    /// <summary>
    /// Parses the parameter as kube-apiserver does: absent means <see cref="FieldValidationMode.Warn"/>; the values are
    /// <c>Ignore</c>, <c>Warn</c> and <c>Strict</c> (case-sensitive).
    /// </summary>
    /// <returns>False for any other value; the server answers that with 400 and <see cref="InvalidValueMessage"/>.</returns>
    public static bool TryParse(string? value, out FieldValidationMode mode)
    {
        switch (value)
        {
            case null or "":
            case "Warn":
                mode = FieldValidationMode.Warn;
                return true;
            case "Ignore":
                mode = FieldValidationMode.Ignore;
                return true;
            case "Strict":
                mode = FieldValidationMode.Strict;
                return true;
            default:
                mode = FieldValidationMode.Warn;
                return false;
        }
    }

    /// <summary>The message for an unsupported parameter value.</summary>
    public static string InvalidValueMessage(string value) =>
        $"fieldValidation parameter unsupported: {value}";

    /// <summary>The warning (Warn) or the error fragment (Strict) for one unknown field path such as <c>spec.foo</c>.</summary>
    public static string UnknownFieldText(string path) => $"unknown field \"{path}\"";

    /// <summary>The 400 BadRequest message under Strict: <c>strict decoding error: unknown field "spec.a", unknown field "spec.b"</c>.</summary>
    public static string StrictDecodingMessage(IEnumerable<string> unknownFieldPaths) =>
        "strict decoding error: " + string.Join(", ", unknownFieldPaths.Select(UnknownFieldText));
}
