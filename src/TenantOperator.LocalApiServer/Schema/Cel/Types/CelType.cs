using System.Text;

namespace TenantOperator.LocalApiServer.Schema.Cel.Types;

internal enum CelTypeKind
{
    Dyn,
    Null,
    Bool,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Duration,
    Timestamp,
    List,
    Map,
    Object,
    Type,
    Opaque,
    TypeParam,
}

/// <summary>
/// A CEL type as cel-go's checker tracks it (common/types.Type): the primitives, <c>list(T)</c>, <c>map(K, V)</c>,
/// object types declared from a schema (<see cref="Declaration"/>), <c>type(T)</c>, opaque library types
/// (<c>net.IP</c>, <c>optional_type(T)</c>, ...), type parameters of overload signatures, and <c>dyn</c>.
/// </summary>
internal sealed class CelType : IEquatable<CelType>
{
    public static readonly CelType Dyn = new(CelTypeKind.Dyn, "dyn");
    public static readonly CelType Null = new(CelTypeKind.Null, "null_type");
    public static readonly CelType Bool = new(CelTypeKind.Bool, "bool");
    public static readonly CelType Int = new(CelTypeKind.Int, "int");
    public static readonly CelType Uint = new(CelTypeKind.Uint, "uint");
    public static readonly CelType Double = new(CelTypeKind.Double, "double");
    public static readonly CelType String = new(CelTypeKind.String, "string");
    public static readonly CelType Bytes = new(CelTypeKind.Bytes, "bytes");
    public static readonly CelType Duration = new(CelTypeKind.Duration, "google.protobuf.Duration");
    public static readonly CelType Timestamp = new(CelTypeKind.Timestamp, "google.protobuf.Timestamp");

    // Opaque and object types of Kubernetes' libraries (k8s.io/apiserver/pkg/cel).
    public static readonly CelType IP = Opaque("net.IP");
    public static readonly CelType Cidr = Opaque("net.CIDR");
    public static readonly CelType Url = Opaque("kubernetes.URL");
    public static readonly CelType Quantity = Opaque("kubernetes.Quantity");
    public static readonly CelType Format = Opaque("kubernetes.NamedFormat");

    private CelType(CelTypeKind kind, string name, IReadOnlyList<CelType>? parameters = null, CelDeclType? declaration = null)
    {
        Kind = kind;
        Name = name;
        Parameters = parameters ?? [];
        Declaration = declaration;
    }

    public CelTypeKind Kind { get; }

    /// <summary>The type's name: <c>int</c>, <c>list</c>, <c>net.IP</c>, a type parameter's name.</summary>
    public string Name { get; }

    public IReadOnlyList<CelType> Parameters { get; }

    /// <summary>For object types: the schema declaration that gives their fields and sizes.</summary>
    public CelDeclType? Declaration { get; }

    /// <summary>Types of a constant size (cel-go's checker isScalar): strings, bytes and aggregates are not.</summary>
    public bool IsScalar => Kind is CelTypeKind.Bool or CelTypeKind.Double or CelTypeKind.Duration or CelTypeKind.Int
        or CelTypeKind.Timestamp or CelTypeKind.Uint;

    public CelType? ElementType => Kind == CelTypeKind.List ? Parameters[0] : Kind == CelTypeKind.Map ? Parameters[1] : null;

    public static CelType List(CelType element) => new(CelTypeKind.List, "list", [element]);

    public static CelType Map(CelType key, CelType value) => new(CelTypeKind.Map, "map", [key, value]);

    public static CelType TypeOf(CelType type) => new(CelTypeKind.Type, "type", [type]);

    public static CelType Opaque(string name, params CelType[] parameters) => new(CelTypeKind.Opaque, name, parameters);

    public static CelType Optional(CelType value) => Opaque("optional_type", value);

    public static CelType Param(string name) => new(CelTypeKind.TypeParam, name);

    public static CelType Object(string name, CelDeclType declaration) => new(CelTypeKind.Object, name, null, declaration);

    public bool IsOptional => Kind == CelTypeKind.Opaque && Name == "optional_type";

    public bool Equals(CelType? other) =>
        other is not null && Kind == other.Kind && Name == other.Name && ReferenceEquals(Declaration, other.Declaration)
        && Parameters.Count == other.Parameters.Count && Parameters.Zip(other.Parameters).All(p => p.First.Equals(p.Second));

    public override bool Equals(object? obj) => Equals(obj as CelType);

    public override int GetHashCode() => HashCode.Combine(Kind, Name, Parameters.Count);

    /// <summary>As cel-go formats types in messages: <c>list(string)</c>, <c>map(string, int)</c>.</summary>
    public override string ToString()
    {
        if (Parameters.Count == 0)
        {
            return Name;
        }

        var builder = new StringBuilder(Name).Append('(');
        builder.AppendJoin(", ", Parameters.Select(p => p.ToString()));
        return builder.Append(')').ToString();
    }
}
