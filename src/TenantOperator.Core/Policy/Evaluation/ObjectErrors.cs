namespace TenantOperator.Policy.Evaluation;

/// <summary>Builds <see cref="InvalidClusterObjectException"/>s for one object, so every message names it the same way.</summary>
internal readonly record struct ObjectErrors(string Kind, string ObjectName)
{
    public InvalidClusterObjectException Invalid(string field, string problem) => new(Kind, ObjectName, field, problem);

    public InvalidClusterObjectException InvalidValue(string field, object? value, string why) =>
        new(Kind, ObjectName, field, $"Invalid value: {Quote(value)}: {why}");

    public InvalidClusterObjectException Required(string field, string why) => new(Kind, ObjectName, field, $"Required value: {why}");

    public InvalidClusterObjectException Forbidden(string field, string why) => new(Kind, ObjectName, field, $"Forbidden: {why}");

    public InvalidClusterObjectException Unsupported(string field, string? value, params string[] supported) =>
        new(Kind, ObjectName, field, $"Unsupported value: {Quote(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    /// <summary>The display name of an object from its metadata: <c>namespace/name</c>, or the name alone.</summary>
    public static string NameOf(string? namespaceName, string? name) =>
        (string.IsNullOrEmpty(namespaceName) ? "" : namespaceName + "/") + (string.IsNullOrEmpty(name) ? "<unnamed>" : name);

    private static string Quote(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        _ => value.ToString() ?? "",
    };
}
