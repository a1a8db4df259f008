using System.Globalization;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>A field path written as Kubernetes writes it: <c>spec.ingress[0].ports</c>, map keys as <c>labels[app]</c>.</summary>
internal readonly record struct FieldPath(string Value)
{
    public static FieldPath Root => new("");

    public bool IsRoot => Value.Length == 0;

    public FieldPath Child(string name) => new(Value.Length == 0 ? name : Value + "." + name);

    public FieldPath Index(int index) => new(Value + "[" + index.ToString(CultureInfo.InvariantCulture) + "]");

    public FieldPath Key(string key) => new(Value + "[" + key + "]");

    public override string ToString() => Value.Length == 0 ? FieldErrors.NoField : Value;
}
