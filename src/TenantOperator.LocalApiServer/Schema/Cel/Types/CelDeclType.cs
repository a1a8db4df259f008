namespace TenantOperator.LocalApiServer.Schema.Cel.Types;

/// <summary>
/// What a schema node looks like to CEL, as kube-apiserver declares it (k8s.io/apiserver/pkg/cel DeclType): its CEL
/// <see cref="Type"/>, the fields of an object (by escaped name), the element and key declarations of lists and maps,
/// <see cref="MaxElements"/> — the largest size of the value (string length in bytes, item or entry count) used by
/// the cost estimator — and <see cref="MinSerializedSize"/>, the fewest JSON bytes a value can take, from which the
/// number of values a 3 MiB request can hold is derived.
/// </summary>
internal sealed class CelDeclType
{
    private CelType? _type;

    public CelDeclType(long maxElements, long minSerializedSize)
    {
        MaxElements = maxElements;
        MinSerializedSize = minSerializedSize;
    }

    public CelType Type
    {
        get => _type ?? throw new InvalidOperationException("The declaration's type is not set.");
        init => _type = value;
    }

    public IReadOnlyDictionary<string, CelDeclType> Fields { get; init; } = new Dictionary<string, CelDeclType>();

    public CelDeclType? Element { get; init; }

    public CelDeclType? Key { get; init; }

    public long MaxElements { get; }

    public long MinSerializedSize { get; }

    /// <summary>Sets the object type once the declaration exists (an object type refers back to its declaration).</summary>
    public static CelDeclType NewObject(IReadOnlyDictionary<string, CelDeclType> fields, long minSerializedSize)
    {
        var declaration = new CelDeclType(0, minSerializedSize) { Fields = fields };
        declaration._type = CelType.Object("object", declaration);
        return declaration;
    }
}
