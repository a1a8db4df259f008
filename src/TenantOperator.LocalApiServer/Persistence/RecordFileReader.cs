using System.Globalization;
using System.Text;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// Reads a journal or snapshot file record by record. Damage is a <see cref="DataDirectoryCorruptException"/>
/// naming the file and the offset, except for the one thing a crash leaves behind: at the end of the
/// file being appended to, past what it acknowledged, a last record that is incomplete and followed by
/// nothing sound (a torn tail).
/// </summary>
internal static class RecordFileReader
{
    /// <summary>Reads a snapshot: every record must be sound.</summary>
    public static long ReadSnapshot(string path, ReadOnlySpan<byte> magic, Action<JournalRecord> apply)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < magic.Length || !file.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            throw new DataDirectoryCorruptException(path, 0, $"the file does not start with \"{Encoding.ASCII.GetString(magic)}\"");
        }

        return ReadRecords(path, file, magic.Length, acknowledged: file.Length, tailMayBeTorn: false, apply).ValidLength;
    }

    /// <summary>
    /// Reads a journal. The records it acknowledged must all be there and sound; past them, when
    /// <paramref name="tailMayBeTorn"/> (the newest journal), a torn last record is reported, not an error.
    /// A header cut short is what a crash leaves while the file is created: <paramref name="headerMayBeIncomplete"/>
    /// says whether that can have happened here (the journal was not yet named by the manifest).
    /// </summary>
    public static JournalRead ReadJournal(string path, bool tailMayBeTorn, bool headerMayBeIncomplete, Action<JournalRecord> apply)
    {
        var file = File.ReadAllBytes(path);
        var header = JournalFile.Read(file);
        switch (header.State)
        {
            case JournalFile.HeaderState.Incomplete when headerMayBeIncomplete:
                return new JournalRead(0, new TornTail(path, 0, file.Length, header.Problem!), header);
            case JournalFile.HeaderState.Incomplete or JournalFile.HeaderState.Damaged:
                throw new DataDirectoryCorruptException(path, 0, header.Problem!);
        }

        var acknowledged = header.AcknowledgedLength ?? header.Size;
        var (length, torn) = ReadRecords(path, file, header.Size, acknowledged, tailMayBeTorn, apply);
        if (length < acknowledged)
        {
            throw new DataDirectoryCorruptException(path, length, string.Create(
                CultureInfo.InvariantCulture,
                $"the journal ends after {length} bytes, but its header records that the first {acknowledged} were acknowledged: acknowledged changes are missing (the file was cut short, or lost records)"));
        }

        return new JournalRead(length, torn, header);
    }

    private static (long ValidLength, TornTail? Torn) ReadRecords(string path, byte[] file, int start, long acknowledged, bool tailMayBeTorn, Action<JournalRecord> apply)
    {
        var offset = start;
        while (offset < file.Length)
        {
            if (RecordFrame.Check(file, offset, out var payload) is { } problem)
            {
                if (tailMayBeTorn && offset >= acknowledged && !RecordFrame.AnySoundFrameAfter(file, offset))
                {
                    return (offset, new TornTail(path, offset, file.Length - offset, problem));
                }

                throw new DataDirectoryCorruptException(path, offset, problem);
            }

            try
            {
                apply(RecordCodec.Decode(payload));
            }
            catch (InvalidDataException e)
            {
                throw new DataDirectoryCorruptException(path, offset, e.Message, e);
            }

            offset += RecordFrame.HeaderSize + payload.Length;
        }

        return (offset, null);
    }
}

/// <summary>What reading a journal found: where its sound records end, the torn tail cut off, and its header.</summary>
internal sealed record JournalRead(long ValidLength, TornTail? Torn, JournalFile.Header Header)
{
    /// <summary>True when the journal holds no acknowledged record (or has no complete header yet).</summary>
    public bool AcknowledgedNothing => Header.State == JournalFile.HeaderState.Incomplete
        || Header.State == JournalFile.HeaderState.Sound && Header.AcknowledgedLength == JournalFile.HeaderSize;
}
