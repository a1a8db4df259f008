namespace TenantOperator.LocalApiServer.BuiltIns.Typing;

/// <summary>
/// The Go type of a field of a built-in kind's versioned API struct (k8s.io/api), as Go's encoding/json sees it:
/// what JSON it accepts, what it stores, and how it is written back. kube-apiserver decodes every request body into
/// these structs, so their types are where it refuses a value of the wrong JSON type and drops unknown fields.
/// </summary>
internal abstract class GoType
{
    /// <summary>reflect.Type.String(), as error messages print it: <c>string</c>, <c>int32</c>, <c>v1.Protocol</c>,
    /// <c>[]v1.PolicyType</c>, <c>map[string]string</c>, <c>v1.LabelSelector</c>.</summary>
    public abstract string Name { get; }
}

/// <summary>The kind of a Go scalar, which decides the JSON it accepts.</summary>
internal enum GoScalarKind
{
    String,
    Bool,
    Int32,
    Int64,
}

/// <summary>A string, bool or integer, possibly a named type (<c>v1.Protocol</c> is a string).</summary>
internal sealed class GoScalar(GoScalarKind kind, string? name = null) : GoType
{
    public static GoScalar String { get; } = new(GoScalarKind.String);

    public static GoScalar Bool { get; } = new(GoScalarKind.Bool);

    public static GoScalar Int32 { get; } = new(GoScalarKind.Int32);

    public static GoScalar Int64 { get; } = new(GoScalarKind.Int64);

    public GoScalarKind Kind { get; } = kind;

    public override string Name { get; } = name ?? kind.ToString().ToLowerInvariant();

    /// <summary>A named string type such as <c>v1.Protocol</c>.</summary>
    public static GoScalar NamedString(string name) => new(GoScalarKind.String, name);
}

/// <summary><c>[]byte</c>: a base64 string in JSON.</summary>
internal sealed class GoBytes : GoType
{
    public static GoBytes Instance { get; } = new();

    public override string Name => "[]uint8";
}

/// <summary>A slice of <see cref="Element"/>.</summary>
internal sealed class GoSlice(GoType element) : GoType
{
    public GoType Element { get; } = element;

    public override string Name => "[]" + Element.Name;
}

/// <summary>A map with string keys.</summary>
internal sealed class GoMap(GoType value) : GoType
{
    public GoType Value { get; } = value;

    public override string Name => "map[string]" + Value.Name;
}

/// <summary>intstr.IntOrString: its own UnmarshalJSON reads a string, or else an int32.</summary>
internal sealed class GoIntOrString : GoType
{
    public static GoIntOrString Instance { get; } = new();

    public override string Name => "intstr.IntOrString";
}

/// <summary>metav1.Time (RFC 3339, whole seconds) or metav1.MicroTime (RFC 3339 with exactly six fractional digits).</summary>
internal sealed class GoTime(bool micro) : GoType
{
    public static GoTime Time { get; } = new(micro: false);

    public static GoTime MicroTime { get; } = new(micro: true);

    /// <summary>True for MicroTime.</summary>
    public bool Micro { get; } = micro;

    public override string Name => Micro ? "v1.MicroTime" : "v1.Time";
}

/// <summary>
/// A value this server keeps as sent without checking its type: runtime.RawExtension and apiextensions JSON (which
/// take any JSON in Kubernetes too), and the parts of large kinds this server does not model (docs/local-apiserver.md).
/// </summary>
internal sealed class GoRaw(string name, bool isList = false) : GoType
{
    public static GoRaw Any { get; } = new("runtime.RawExtension");

    public override string Name { get; } = name;

    /// <summary>True when the raw value stands for a slice, so an empty list counts as empty to <c>omitempty</c>.</summary>
    public bool IsList { get; } = isList;
}

/// <summary>A Go struct: its fields in declaration order, which is the order Go writes them in.</summary>
internal sealed class GoStruct(string package, string typeName, IReadOnlyList<GoField> fields) : GoType
{
    private readonly Dictionary<string, GoField> _byJsonName = fields.ToDictionary(f => f.JsonName, StringComparer.Ordinal);

    /// <summary>The Go package name, as in <c>v1</c>.</summary>
    public string Package { get; } = package;

    /// <summary>reflect.Type.Name(), as the decoder names the struct in errors: <c>NetworkPolicyPort</c>.</summary>
    public string TypeName { get; } = typeName;

    public IReadOnlyList<GoField> Fields { get; } = fields;

    public override string Name => Package + "." + TypeName;

    /// <summary>The field with this exact JSON name (matching is case-sensitive, as kube-apiserver's decoder is).</summary>
    public GoField? Field(string jsonName) => _byJsonName.GetValueOrDefault(jsonName);
}

/// <summary>One struct field: its JSON name, type, <c>omitempty</c>, and whether it is a pointer.</summary>
internal sealed record GoField(string JsonName, GoType Type, bool OmitEmpty = true, bool Pointer = false);
