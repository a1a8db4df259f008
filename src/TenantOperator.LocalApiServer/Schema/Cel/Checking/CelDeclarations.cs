using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Checking;

/// <summary>
/// The functions a CEL expression may call in one kube-apiserver release's environment. As base.go's EnvSet does,
/// a release checks <em>new</em> expressions against its compatibility version (the release before it), so that a
/// rollback to that release still understands them, and expressions <em>stored</em> before (unchanged rules of an
/// updated CRD, and every rule when objects are admitted) against everything the release knows.
/// </summary>
internal sealed class CelDeclarations
{
    private CelDeclarations(IEnumerable<CelLibrary> libraries, string description)
    {
        var functions = new Dictionary<string, CelFunction>(StringComparer.Ordinal);
        foreach (var function in libraries.SelectMany(l => l.Functions))
        {
            functions[function.Name] = functions.TryGetValue(function.Name, out var existing) ? existing.Merge(function) : function;
        }

        Functions = functions;
        OptionalSyntax = libraries.Any(l => l.OptionalSyntax);
        Description = description;
    }

    public IReadOnlyDictionary<string, CelFunction> Functions { get; }

    /// <summary>The optional library is present: <c>.?</c>, <c>[?</c> and optMap/optFlatMap parse.</summary>
    public bool OptionalSyntax { get; }

    /// <summary>Which environment this is, for messages and logs.</summary>
    public string Description { get; }

    /// <summary>The environment a kube-apiserver of release <paramref name="server"/> checks new expressions against.</summary>
    public static CelDeclarations ForNewExpressions(KubernetesVersion server)
    {
        var compatibility = server.Previous;
        return new CelDeclarations(
            CelLibraries.All.Where(l => l.OnForNewExpressionsFrom is { } gate
                ? server >= gate
                : compatibility >= l.Introduced && (l.Removed is not { } removed || compatibility < removed)),
            $"the CEL environment of new expressions in Kubernetes {server} (compatibility version {compatibility})");
    }

    /// <summary>The environment a kube-apiserver of release <paramref name="server"/> runs stored expressions in.</summary>
    public static CelDeclarations ForStoredExpressions(KubernetesVersion server) =>
        new(CelLibraries.All.Where(l => server >= l.Introduced && l.Removed is null),
            $"the CEL environment of stored expressions in Kubernetes {server}");

    /// <summary>The types the standard environment names as identifiers (<c>type(x) == string</c>).</summary>
    public static CelType? TypeIdentifier(string name) => name switch
    {
        "bool" => CelType.TypeOf(CelType.Bool),
        "int" => CelType.TypeOf(CelType.Int),
        "uint" => CelType.TypeOf(CelType.Uint),
        "double" => CelType.TypeOf(CelType.Double),
        "string" => CelType.TypeOf(CelType.String),
        "bytes" => CelType.TypeOf(CelType.Bytes),
        "list" => CelType.TypeOf(CelType.List(CelType.Dyn)),
        "map" => CelType.TypeOf(CelType.Map(CelType.Dyn, CelType.Dyn)),
        "null_type" => CelType.TypeOf(CelType.Null),
        "type" => CelType.TypeOf(CelType.TypeOf(CelType.Dyn)),
        "google.protobuf.Duration" => CelType.TypeOf(CelType.Duration),
        "google.protobuf.Timestamp" => CelType.TypeOf(CelType.Timestamp),
        _ => null,
    };
}
