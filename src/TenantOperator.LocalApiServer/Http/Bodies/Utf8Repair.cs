using System.Text;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// Replaces every byte that is not part of a valid UTF-8 sequence with U+FFFD, byte by byte, as Go's
/// encoding/json does when it unquotes a string (utf8.DecodeRune yields RuneError with width 1): a JSON
/// body with broken UTF-8 inside a string is read, not refused, exactly as kube-apiserver reads it.
/// Outside strings such a byte stays a syntax error either way.
/// </summary>
internal static class Utf8Repair
{
    private static readonly byte[] Replacement = [0xEF, 0xBF, 0xBD];

    /// <summary>The bytes unchanged when they are valid UTF-8, else a repaired copy.</summary>
    public static ReadOnlyMemory<byte> Repair(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        var firstInvalid = FirstInvalid(span);
        if (firstInvalid < 0)
        {
            return bytes;
        }

        var repaired = new List<byte>(span.Length + 16);
        repaired.AddRange(span[..firstInvalid]);
        var offset = firstInvalid;
        while (offset < span.Length)
        {
            var status = Rune.DecodeFromUtf8(span[offset..], out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                repaired.AddRange(span.Slice(offset, consumed));
                offset += consumed;
            }
            else
            {
                // Go consumes one byte per invalid sequence; Rune may consume a whole maximal subpart.
                repaired.AddRange(Replacement);
                offset++;
            }
        }

        return repaired.ToArray();
    }

    private static int FirstInvalid(ReadOnlySpan<byte> span)
    {
        if (System.Text.Unicode.Utf8.IsValid(span))
        {
            return -1;
        }

        var offset = 0;
        while (offset < span.Length)
        {
            if (Rune.DecodeFromUtf8(span[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }
}
