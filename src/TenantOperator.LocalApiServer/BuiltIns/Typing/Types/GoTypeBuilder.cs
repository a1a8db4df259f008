namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>Short names for declaring Go structs field by field, in the order of their Go declaration.</summary>
internal static class GoTypeBuilder
{
    public static GoScalar Str => GoScalar.String;

    public static GoScalar Bool => GoScalar.Bool;

    public static GoScalar GoInt32 => GoScalar.Int32;

    public static GoScalar GoInt64 => GoScalar.Int64;

    /// <summary>A struct of package <paramref name="package"/>.</summary>
    public static GoStruct Struct(string package, string name, params GoField[] fields) => new(package, name, fields);

    /// <summary>A field with <c>omitempty</c> (most Kubernetes fields have it).</summary>
    public static GoField Field(string json, GoType type) => new(json, type);

    /// <summary>A field without <c>omitempty</c>: its zero value is written.</summary>
    public static GoField Always(string json, GoType type) => new(json, type, OmitEmpty: false);

    /// <summary>A pointer field with <c>omitempty</c>: absent when nil, written even when it points to a zero value.</summary>
    public static GoField Pointer(string json, GoType type) => new(json, type, Pointer: true);

    public static GoSlice SliceOf(GoType element) => new(element);

    public static GoMap MapOf(GoType value) => new(value);

    public static GoScalar Named(string name) => GoScalar.NamedString(name);

    /// <summary>A part this server keeps as sent (see <see cref="GoRaw"/>).</summary>
    public static GoRaw Raw(string name) => new(name);

    /// <summary>A list this server keeps as sent.</summary>
    public static GoRaw RawList(string name) => new(name, isList: true);

    /// <summary>The inline TypeMeta fields every kind starts with.</summary>
    public static GoField[] TypeMeta { get; } = [Field("kind", Str), Field("apiVersion", Str)];
}
