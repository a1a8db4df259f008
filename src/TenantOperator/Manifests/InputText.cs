using System.Text;

namespace TenantOperator.Manifests;

/// <summary>
/// Reads one input (a file, a device, a FIFO such as <c>&lt;(kubectl get ns -o yaml)</c>, or stdin as <c>-</c>) within
/// the bytes the budget has left and decodes it strictly: UTF-8, or UTF-16 after its byte-order mark, as kubectl's YAML
/// reader accepts. Reading stops one byte past the budget, so <c>/dev/zero</c> and <c>/dev/urandom</c> end quickly.
/// </summary>
internal static class InputText
{
    private const int ChunkSize = 64 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The bytes of <paramref name="path"/> (<c>-</c> for stdin), at most one byte past what the budget has left, so that
    /// <see cref="Accept"/> can tell an input that is over it.
    /// </summary>
    /// <exception cref="IOException">The input cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The input may not be read.</exception>
    public static byte[] ReadBytes(string path, InputBudget budget)
    {
        using var stream = path == "-"
            ? Console.OpenStandardInput()
            : new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, BufferSize = 0 });
        return ReadAtMost(stream, budget.BytesLeft + 1);
    }

    /// <summary>Counts an input's bytes against the budget and decodes them.</summary>
    /// <exception cref="ManifestInputException">The input is over the bytes left or is not valid text.</exception>
    public static (string Text, bool HadByteOrderMark) Accept(byte[] bytes, InputBudget budget)
    {
        if (bytes.Length > budget.BytesLeft)
        {
            var size = InputBudget.Size(budget.Limits.MaxBytes);
            throw new ManifestInputException(budget.BytesLeft == budget.Limits.MaxBytes
                ? $"more than {size}: the manifests one command reads are limited to {size}"
                : $"more than the {InputBudget.Size(budget.BytesLeft)} left of the {size} that the manifests of one command may have together", endsReading: true);
        }

        budget.AddBytes(bytes.Length);
        return Decode(bytes);
    }

    /// <summary>Decodes <paramref name="bytes"/> as kubectl's reader does; invalid text is an error with its position.</summary>
    public static (string Text, bool HadByteOrderMark) Decode(ReadOnlySpan<byte> bytes)
    {
        var (encoding, bom) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)StrictUtf8, 3),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            _ => (StrictUtf8, 0),
        };
        try
        {
            return (encoding.GetString(bytes[bom..]), bom > 0);
        }
        catch (DecoderFallbackException ex)
        {
            var at = bom + Math.Clamp(ex.Index, 0, bytes.Length - bom);
            var before = bytes[..at];
            var line = before.Count((byte)'\n') + 1;
            var column = at - (before.LastIndexOf((byte)'\n') + 1) + 1;
            throw new ManifestInputException(
                $"not valid {(encoding is UnicodeEncoding ? "UTF-16" : "UTF-8")} text (byte offset {at}): manifests are UTF-8 YAML or JSON", line, column);
        }
    }

    private static byte[] ReadAtMost(Stream stream, long limit)
    {
        var buffer = new byte[(int)Math.Min(limit, ChunkSize)];
        var length = 0;
        while (length < limit)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(limit, (long)buffer.Length * 2));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length == buffer.Length ? buffer : buffer[..length];
    }
}
