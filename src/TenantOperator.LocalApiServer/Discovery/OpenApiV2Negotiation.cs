using System.Globalization;

namespace TenantOperator.LocalApiServer.Discovery;

/// <summary>
/// Which encoding of <c>/openapi/v2</c> an Accept header asks for, as kube-openapi's handler (pkg/handler) decides: the
/// clauses sorted as github.com/munnerz/goautoneg sorts them (quality, then specific before wildcard), the first one
/// matching JSON, the deprecated protobuf media type or the current one wins. Either protobuf form is answered with
/// the current, non-deprecated Content-Type, which Go's mime parser accepts (the deprecated one has an '@').
/// </summary>
internal static class OpenApiV2Negotiation
{
    /// <summary>The Content-Type of the JSON document.</summary>
    public const string Json = "application/json";

    /// <summary>The Content-Type of the protobuf document.</summary>
    public const string Protobuf = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static readonly (string SubType, string ContentType)[] Offered =
    [
        ("json", Json),
        ("com.github.proto-openapi.spec.v2@v1.0+protobuf", Protobuf),
        ("com.github.proto-openapi.spec.v2.v1.0+protobuf", Protobuf),
    ];

    /// <summary>The Content-Type to answer with, or null for 406 Not Acceptable.</summary>
    public static string? Negotiate(string? accept)
    {
        foreach (var clause in Clauses(string.IsNullOrEmpty(accept) ? "*/*" : accept))
        {
            foreach (var (subType, contentType) in Offered)
            {
                if ((clause.Type == "application" || clause.Type == "*") && (clause.SubType == subType || clause.SubType == "*"))
                {
                    return contentType;
                }
            }
        }

        return null;
    }

    private readonly record struct Clause(string Type, string SubType, double Quality);

    // goautoneg.ParseAccept: clauses split on ',' and ';', a type without subtype only as "*", q read as a float.
    private static List<Clause> Clauses(string header)
    {
        var clauses = new List<Clause>();
        foreach (var raw in header.Split(','))
        {
            var parts = raw.Trim(' ').Split(';');
            var type = parts[0].Split('/');
            string mainType, subType;
            switch (type.Length)
            {
                case 1 when type[0].Trim(' ') == "*":
                    (mainType, subType) = ("*", "*");
                    break;
                case 2:
                    (mainType, subType) = (type[0].Trim(' '), type[1].Trim(' '));
                    break;
                default:
                    continue;
            }

            var quality = 1.0;
            foreach (var parameter in parts.Skip(1).Select(p => p.Split('=')).Where(p => p.Length == 2 && p[0].Trim(' ') == "q"))
            {
                quality = double.TryParse(parameter[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var q) ? q : 0;
            }

            clauses.Add(new Clause(mainType, subType, quality));
        }

        // Go's sort.Sort on so few clauses is an insertion sort: stable under this order.
        for (var i = 1; i < clauses.Count; i++)
        {
            for (var j = i; j > 0 && Less(clauses[j], clauses[j - 1]); j--)
            {
                (clauses[j], clauses[j - 1]) = (clauses[j - 1], clauses[j]);
            }
        }

        return clauses;
    }

    private static bool Less(Clause a, Clause b) =>
        a.Quality > b.Quality || (a.Type != "*" && b.Type == "*") || (a.SubType != "*" && b.SubType == "*");
}
