namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// One cause of a Kubernetes Status error: the field path, the CauseType reason (e.g.
/// <c>FieldValueRequired</c>) and the message body without the field, as kube-apiserver writes them.
/// </summary>
public sealed record StatusCause(string Field, string Reason, string Message)
{
    /// <summary>The cause as one line, <c>field: message</c>, the form kube-apiserver joins into its message.</summary>
    public override string ToString() => Field.Length == 0 ? Message : $"{Field}: {Message}";

    /// <summary>A required field is missing.</summary>
    public static StatusCause Required(string field, string detail) =>
        new(field, "FieldValueRequired", $"Required value: {detail}");

    /// <summary>A field holds a value that is not allowed.</summary>
    public static StatusCause Invalid(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: \"{value}\": {detail}");

    /// <summary>A field may not be set or changed.</summary>
    public static StatusCause Forbidden(string field, string detail) =>
        new(field, "FieldValueForbidden", $"Forbidden: {detail}");
}
