using System.Text;

namespace TenantOperator.LocalApiServer.Discovery;

/// <summary>
/// A minimal OpenAPI v2 document (<c>/openapi/v2</c>) with no definitions, in the protobuf encoding
/// kubectl asks for. kubectl's validator needs the document to load; with no definitions it leaves
/// validation to the server (which the v3 documents advertise through <c>fieldValidation</c>) and computes
/// strategic merge patches from its built-in types.
/// </summary>
internal static class OpenApiV2Document
{
    /// <summary>gnostic's openapi_v2.Document: swagger (field 1), info (2: title 1, version 2), paths (8, empty).</summary>
    public static byte[] Protobuf()
    {
        var info = Concat(Field(1, "Kubernetes"), Field(2, DiscoveryDocuments.KubernetesVersion));
        return Concat(Field(1, "2.0"), Field(2, info), Field(8, []));
    }

    public static string Json() =>
        $"{{\"swagger\":\"2.0\",\"info\":{{\"title\":\"Kubernetes\",\"version\":\"{DiscoveryDocuments.KubernetesVersion}\"}},\"paths\":{{}},\"definitions\":{{}}}}";

    private static byte[] Field(int number, string text) => Field(number, Encoding.UTF8.GetBytes(text));

    // A length-delimited field (wire type 2); lengths here stay below 128, so one varint byte.
    private static byte[] Field(int number, byte[] payload) => Concat([(byte)((number << 3) | 2), (byte)payload.Length], payload);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
