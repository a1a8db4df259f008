using System.Text;
using CsCheck;

namespace TenantOperator.LocalApiServer.Tests.Fuzz;

/// <summary>
/// Generates requests from <see cref="RequestCorpus"/>: a seed path, method, parameters, headers and body,
/// then a few mutations of each: path segments swapped for tricky ones, parameter values at their worst,
/// body values replaced, bytes spliced in, bodies cut short or flipped.
/// </summary>
public static class RequestGen
{
    private static readonly Gen<string> Path = Gen.Frequency(
        (6, Gen.OneOfConst(RequestCorpus.Paths)),
        (4, Gen.Select(Gen.OneOfConst(RequestCorpus.Paths), Gen.Int[0, 8], Gen.OneOfConst(RequestCorpus.Segments)).Select(ReplaceSegment)),
        (2, Gen.Select(Gen.OneOfConst(RequestCorpus.Paths), Gen.OneOfConst(RequestCorpus.Segments)).Select((p, s) => p + "/" + s)),
        (1, Gen.Char['!', '~'].Array[0, 40].Select(c => "/" + new string(c))));

    private static readonly Gen<string> Parameter = Gen.Frequency(
        (8, Gen.Select(Gen.OneOfConst(RequestCorpus.ParameterNames), Gen.OneOfConst(RequestCorpus.ParameterValues)).Select((n, v) => $"{n}={v}")),
        (1, Gen.OneOfConst(RequestCorpus.ParameterNames)),
        (1, Gen.Char['!', '~'].Array[0, 12].Select(c => new string(c))));

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (6, Gen.OneOfConst(RequestCorpus.Bodies).Select(b => Encoding.UTF8.GetBytes(b))),
        (6, Gen.Select(Gen.OneOfConst(RequestCorpus.Bodies), Gen.Int[0, 6], Gen.OneOfConst(RequestCorpus.JsonValues)).Select(ReplaceValue)),
        (4, Gen.Select(Gen.OneOfConst(RequestCorpus.Bodies), Gen.Double[0, 1], Gen.OneOfConst(RequestCorpus.Splices)).Select(Splice)),
        (2, Gen.Select(Gen.OneOfConst(RequestCorpus.Bodies), Gen.Double[0, 1]).Select((b, at) => Encoding.UTF8.GetBytes(b)[..(int)(at * b.Length)])),
        (2, Gen.Select(Gen.OneOfConst(RequestCorpus.Bodies), Gen.Double[0, 1], Gen.Byte).Select(Flip)),
        (1, Gen.OneOfConst(RequestCorpus.Protobufs)),
        (1, Gen.Byte.Array[0, 200]),
        (1, Gen.Int[1, 5].Select(mib => Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + new string('x', (mib * 1024 * 1024) - 100) + "\"}}"))));

    /// <summary>A request: method, path, up to four parameters, up to two extra headers, and a body for writes.</summary>
    public static readonly Gen<FuzzRequest> Request =
        Gen.Select(
            Gen.OneOfConst(RequestCorpus.Methods),
            Path,
            Parameter.Array[0, 4],
            Gen.OneOfConst(RequestCorpus.ContentTypes),
            Body,
            Gen.OneOfConst(RequestCorpus.Headers).Array[0, 2])
        .Select((method, path, parameters, contentType, body, headers) =>
            method is "GET" or "HEAD" or "OPTIONS" && body.Length > 0 && body[0] != (byte)'{'
                ? new FuzzRequest(method, path, parameters, null, [], headers)
                : new FuzzRequest(method, path, parameters, contentType, body, headers));

    private static string ReplaceSegment(string path, int index, string segment)
    {
        var parts = path.Split('/');
        if (parts.Length <= 1)
        {
            return path;
        }

        parts[1 + (index % (parts.Length - 1))] = segment;
        return string.Join('/', parts);
    }

    // Replaces the n-th JSON value after a colon or bracket with another, textually (the body need not parse).
    private static byte[] ReplaceValue(string body, int n, string value)
    {
        var starts = new List<int>();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] is ':' or '[' && i + 1 < body.Length && body[i + 1] != ']')
            {
                starts.Add(i + 1);
            }
        }

        if (starts.Count == 0)
        {
            return Encoding.UTF8.GetBytes(value);
        }

        var start = starts[n % starts.Count];
        var end = start;
        var depth = 0;
        var inString = false;
        for (; end < body.Length; end++)
        {
            var c = body[end];
            if (inString)
            {
                if (c == '\\')
                {
                    end++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' or ',' && depth == 0)
            {
                break;
            }
            else if (c is '}' or ']')
            {
                depth--;
            }
        }

        return Encoding.UTF8.GetBytes(body[..start] + value + body[end..]);
    }

    private static byte[] Splice(string body, double at, byte[] splice)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var position = (int)(at * bytes.Length);
        return [.. bytes[..position], .. splice, .. bytes[position..]];
    }

    private static byte[] Flip(string body, double at, byte value)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (bytes.Length > 0)
        {
            bytes[Math.Min(bytes.Length - 1, (int)(at * bytes.Length))] = value;
        }

        return bytes;
    }
}
