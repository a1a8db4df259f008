using System.Buffers.Binary;
using System.IO.Hashing;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// The frame around every record in a data directory file: the payload's length (4 bytes, little-endian),
/// a CRC-32 of the length and the payload (4 bytes), then the payload. Length and checksum together let
/// recovery tell a record cut short by a crash from a damaged one.
/// </summary>
internal static class RecordFrame
{
    public const int HeaderSize = 8;

    /// <summary>Larger than any object the server accepts (request bodies stop at 3 MiB, as in kube-apiserver).</summary>
    public const int MaxPayload = 256 * 1024 * 1024;

    public static void Write(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Checksum(header[..4], payload));
        stream.Write(header);
        stream.Write(payload);
    }

    /// <summary>Checks the frame at <paramref name="offset"/>: null and its payload when sound, else what is wrong.</summary>
    public static string? Check(byte[] file, int offset, out ReadOnlyMemory<byte> payload)
    {
        payload = ReadOnlyMemory<byte>.Empty;
        var remaining = file.Length - offset;
        if (remaining < HeaderSize)
        {
            return $"a record header is cut short ({remaining} of {HeaderSize} bytes)";
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));
        if (length == 0 || length > MaxPayload)
        {
            return $"the record length {length} is impossible";
        }

        if (length > remaining - HeaderSize)
        {
            return $"a record of {length} bytes is cut short ({remaining - HeaderSize} bytes follow its header)";
        }

        var expected = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4));
        var body = file.AsMemory(offset + HeaderSize, (int)length);
        if (Checksum(file.AsSpan(offset, 4), body.Span) != expected)
        {
            return "the record's checksum does not match its content";
        }

        payload = body;
        return null;
    }

    /// <summary>True when a sound frame starts anywhere after <paramref name="offset"/>: what follows a bad
    /// record is then more records, so the bad one is damage, not a crash's cut-off tail.</summary>
    public static bool AnySoundFrameAfter(byte[] file, int offset)
    {
        for (var candidate = offset + 1; candidate <= file.Length - HeaderSize; candidate++)
        {
            if (Check(file, candidate, out _) is null)
            {
                return true;
            }
        }

        return false;
    }

    private static uint Checksum(ReadOnlySpan<byte> length, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        crc.Append(length);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }
}
