using System.Buffers.Binary;
using System.IO.Hashing;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// The file <c>manifest</c>: the magic <c>LASMAN01</c>, the generation of the newest journal (8 bytes,
/// little-endian) and a CRC-32 of it. It is written (aside, then renamed) when a directory is set up
/// and each time a new journal is started, before anything goes into that journal. Recovery holds the
/// directory to it, so a newest journal that was deleted stops the start instead of going unnoticed.
/// </summary>
internal static class ManifestFile
{
    public const string FileName = "manifest";
    private const int Size = 20;

    private static ReadOnlySpan<byte> Magic => "LASMAN01"u8;

    /// <summary>The newest journal generation the manifest names, or null when there is no manifest.</summary>
    public static long? Read(DataDirectory directory)
    {
        var path = directory.ManifestPath;
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Size || !bytes.AsSpan(0, 8).SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)) != Crc32.HashToUInt32(bytes.AsSpan(8, 8)))
        {
            throw new DataDirectoryCorruptException(path, 0, "the manifest is damaged");
        }

        return BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
    }

    /// <summary>Durably replaces the manifest with one naming <paramref name="newestJournal"/>.</summary>
    public static void Write(DataDirectory directory, long newestJournal)
    {
        var bytes = new byte[Size];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), newestJournal);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), Crc32.HashToUInt32(bytes.AsSpan(8, 8)));
        var temporary = DataDirectory.TemporaryPathOf(directory.ManifestPath);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, directory.ManifestPath, overwrite: true);
        directory.SyncEntries();
    }
}
