using System.Globalization;
using System.Text;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing;

/// <summary>
/// Go's base64.StdEncoding.Decode, which encoding/json uses for <c>[]byte</c> fields: padding required, '\r' and
/// '\n' skipped, and on failure Go's <c>illegal base64 data at input byte N</c> with Go's offset.
/// </summary>
internal static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Decodes <paramref name="text"/>, or returns null with Go's error in <paramref name="error"/>.</summary>
    public static byte[]? Decode(string text, out string error)
    {
        error = string.Empty;
        var source = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(source.Length * 3 / 4);
        var si = 0;
        while (si < source.Length)
        {
            var (next, written, failedAt) = DecodeQuantum(source, si, output);
            si = next;
            if (failedAt >= 0)
            {
                error = "illegal base64 data at input byte " + failedAt.ToString(CultureInfo.InvariantCulture);
                return null;
            }

            if (written == 0 && next >= source.Length)
            {
                break;
            }
        }

        return [.. output];
    }

    /// <summary>Go's StdEncoding.EncodeToString.</summary>
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes);

    // One 4-character quantum, as Go's decodeQuantum: the next offset, the bytes written, and the failing offset or -1.
    private static (int Next, int Written, int FailedAt) DecodeQuantum(byte[] source, int si, List<byte> output)
    {
        Span<int> buffer = stackalloc int[4];
        var length = 4;
        var trailingGarbageAt = -1;
        for (var j = 0; j < 4; j++)
        {
            if (si == source.Length)
            {
                if (j == 0)
                {
                    return (si, 0, -1);
                }

                // Standard encoding is padded: a quantum cut short is corrupt where it started.
                return (si, 0, si - j);
            }

            var input = source[si];
            si++;
            var value = input < 128 ? Alphabet.IndexOf((char)input, StringComparison.Ordinal) : -1;
            if (value >= 0)
            {
                buffer[j] = value;
                continue;
            }

            if (input is (byte)'\n' or (byte)'\r')
            {
                j--;
                continue;
            }

            if (input != '=')
            {
                return (si, 0, si - 1);
            }

            // Padding: only after two or three characters of the quantum.
            switch (j)
            {
                case 0:
                case 1:
                    return (si, 0, si - 1);
                case 2:
                    while (si < source.Length && source[si] is (byte)'\n' or (byte)'\r')
                    {
                        si++;
                    }

                    if (si == source.Length)
                    {
                        return (si, 0, source.Length);
                    }

                    if (source[si] != '=')
                    {
                        return (si, 0, si - 1);
                    }

                    si++;
                    break;
            }

            while (si < source.Length && source[si] is (byte)'\n' or (byte)'\r')
            {
                si++;
            }

            if (si < source.Length)
            {
                trailingGarbageAt = si;
            }

            length = j;
            break;
        }

        var bits = (buffer[0] << 18) | (buffer[1] << 12) | (length > 2 ? buffer[2] << 6 : 0) | (length > 3 ? buffer[3] : 0);
        var decoded = new[] { (byte)(bits >> 16), (byte)(bits >> 8), (byte)bits };
        for (var i = 0; i < length - 1; i++)
        {
            output.Add(decoded[i]);
        }

        return (si, length - 1, trailingGarbageAt);
    }
}
