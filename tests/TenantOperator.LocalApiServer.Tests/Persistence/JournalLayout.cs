using System.Buffers.Binary;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>
/// Reads the documented layout of a journal or snapshot file (a header of 20 bytes for a journal, 8 for a
/// snapshot, then records framed as a 4-byte length, a 4-byte CRC-32 and the payload) so tests can cut or
/// damage a chosen record.
/// </summary>
public static class JournalLayout
{
    public const int JournalHeaderSize = 20;
    public const int SnapshotHeaderSize = 8;
    public const int FrameHeaderSize = 8;

    /// <summary>The length a journal's header records as acknowledged (bytes 8 to 15, little-endian).</summary>
    public static long AcknowledgedLength(string path) => BinaryPrimitives.ReadInt64LittleEndian(File.ReadAllBytes(path).AsSpan(8));

    /// <summary>Rewrites the acknowledged length (and its checksum), as the header stood before a sync.</summary>
    public static void SetAcknowledgedLength(string path, long length)
    {
        var field = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(field, length);
        BinaryPrimitives.WriteUInt32LittleEndian(field.AsSpan(8), System.IO.Hashing.Crc32.HashToUInt32(field.AsSpan(0, 8)));
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = 8;
        file.Write(field);
    }

    /// <summary>Each record's offset and total size (frame header included), in file order.</summary>
    public static IReadOnlyList<(long Offset, int Size)> Records(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<(long, int)>();
        var offset = bytes.AsSpan().StartsWith("LASJRN02"u8) ? JournalHeaderSize : SnapshotHeaderSize;
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
