using System.Buffers.Binary;
using System.IO.Hashing;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// The journal's file format: the magic <c>LASJRN02</c>, then the acknowledged length (8 bytes,
/// little-endian) and a CRC-32 of it (4 bytes), then framed records (<see cref="RecordFrame"/>). The
/// acknowledged length is rewritten in place before each fsync, so it covers every record a client may
/// have been answered about: a journal that holds fewer bytes has lost acknowledged changes, whether it
/// was cut at a record boundary, cut back to its header, or lost a record from the middle. Journals of
/// the first format (<c>LASJRN01</c>, no acknowledged length) are still read, and replaced at start.
/// </summary>
internal static class JournalFile
{
    public const int HeaderSize = 20;
    public const int LegacyHeaderSize = 8;
    private const int LengthOffset = 8;

    public static ReadOnlySpan<byte> Magic => "LASJRN02"u8;

    public static ReadOnlySpan<byte> LegacyMagic => "LASJRN01"u8;

    /// <summary>The acknowledged-length field, to be written at its offset in the header.</summary>
    public static (long Offset, byte[] Bytes) AcknowledgedLengthField(long length)
    {
        var field = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(field, length);
        BinaryPrimitives.WriteUInt32LittleEndian(field.AsSpan(8), Crc32.HashToUInt32(field.AsSpan(0, 8)));
        return (LengthOffset, field);
    }

    /// <summary>The whole header of a journal that has acknowledged nothing yet.</summary>
    public static byte[] NewHeader() => [.. Magic, .. AcknowledgedLengthField(HeaderSize).Bytes];

    /// <summary>Reads the header of a journal file's content.</summary>
    public static Header Read(ReadOnlySpan<byte> file)
    {
        if (file.Length >= LegacyHeaderSize && file[..LegacyHeaderSize].SequenceEqual(LegacyMagic))
        {
            return new Header(HeaderState.Legacy, LegacyHeaderSize, null, null);
        }

        if (file.Length < HeaderSize)
        {
            return IsPrefixOrZeros(file, NewHeader())
                ? new Header(HeaderState.Incomplete, HeaderSize, null, $"the file header is cut short ({file.Length} of {HeaderSize} bytes)")
                : new Header(HeaderState.Damaged, HeaderSize, null, $"the file is too short ({file.Length} bytes) for its header");
        }

        if (!file[..LengthOffset].SequenceEqual(Magic))
        {
            return new Header(HeaderState.Damaged, HeaderSize, null, $"the file does not start with \"{System.Text.Encoding.ASCII.GetString(Magic)}\"");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(file[LengthOffset..]);
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(file[(LengthOffset + 8)..]);
        if (checksum != Crc32.HashToUInt32(file.Slice(LengthOffset, 8)) || length < HeaderSize)
        {
            return new Header(HeaderState.Damaged, HeaderSize, null, "the header's acknowledged length is damaged");
        }

        return new Header(HeaderState.Sound, HeaderSize, length, null);
    }

    private static bool IsPrefixOrZeros(ReadOnlySpan<byte> file, ReadOnlySpan<byte> header) =>
        header.StartsWith(file) || !file.ContainsAnyExcept((byte)0);

    /// <summary>What a journal's header says.</summary>
    /// <param name="State">Sound, first format, cut short by a crash while the file was created, or damaged.</param>
    /// <param name="Size">Where the records start.</param>
    /// <param name="AcknowledgedLength">How many bytes of the file were acknowledged (sound headers only).</param>
    /// <param name="Problem">What is wrong, for the incomplete and damaged states.</param>
    internal sealed record Header(HeaderState State, int Size, long? AcknowledgedLength, string? Problem);

    internal enum HeaderState
    {
        Sound,
        Legacy,
        Incomplete,
        Damaged,
    }
}
