using System.Text;

namespace TenantOperator.LocalApiServer.Tests.Fuzz;

/// <summary>
/// A second model of how kube-apiserver reads a path, written from Go's documented behaviour and kept
/// apart from the server's: percent-decode everything (<c>%2F</c> is a slash), resolve nothing, split.
/// </summary>
public static class PathOracle
{
    /// <summary>
    /// True when a request may change namespace <paramref name="name"/>: a write to the namespace itself
    /// (or its status or finalize), or a deletion of the whole collection of namespaces.
    /// </summary>
    public static bool AddressesNamespace(string method, string rawPath, string name)
    {
        if (method is not ("PUT" or "PATCH" or "DELETE"))
        {
            return false;
        }

        if (Decode(rawPath) is not { } path)
        {
            return false;
        }

        var segments = path.Trim('/').Split('/');
        return segments switch
        {
            ["api", "v1", "namespaces"] => method == "DELETE",
            ["api", "v1", "namespaces", var target] => target == name,
            ["api", "v1", "namespaces", var target, "status" or "finalize"] => target == name,
            _ => false,
        };
    }

    /// <summary>The decoded path, or null when an escape is malformed (Go refuses such a URL).</summary>
    public static string? Decode(string rawPath)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < rawPath.Length; i++)
        {
            if (rawPath[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(rawPath[i].ToString()));
            }
            else if (i + 2 < rawPath.Length && Uri.IsHexDigit(rawPath[i + 1]) && Uri.IsHexDigit(rawPath[i + 2]))
            {
                bytes.Add(Convert.ToByte(rawPath.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
