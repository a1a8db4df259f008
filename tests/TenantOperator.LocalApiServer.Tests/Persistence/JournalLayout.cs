using System.Buffers.Binary;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// Reads the documented layout of a journal or snapshot file (an 8-byte header, then records framed as a
/// 4-byte length, a 4-byte CRC-32 and the payload) so tests can cut or damage a chosen record.
/// </summary>
public static class JournalLayout
{
    public const int FileHeaderSize = 8;
    public const int FrameHeaderSize = 8;

    /// <summary>Each record's offset and total size (frame header included), in file order.</summary>
    public static IReadOnlyList<(long Offset, int Size)> Records(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<(long, int)>();
        var offset = FileHeaderSize;
        while (offset + FrameHeaderSize <= bytes.Length)
        {
            var size = FrameHeaderSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            records.Add((offset, size));
            offset += size;
        }

        Assert.Equal(bytes.Length, offset);
        return records;
    }

    /// <summary>Flips one bit of the byte at <paramref name="offset"/>.</summary>
    public static void FlipBit(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x10));
    }

    public static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }
}
