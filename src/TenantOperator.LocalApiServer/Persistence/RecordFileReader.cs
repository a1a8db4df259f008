using System.Text;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// Reads a journal or snapshot file record by record. Damage is a <see cref="DataDirectoryCorruptException"/>
/// naming the file and the offset, except for the one thing a crash leaves behind: at the end of the file
/// being appended to, a last record that is incomplete and followed by nothing sound (a torn tail).
/// </summary>
internal static class RecordFileReader
{
    /// <summary>
    /// Hands every sound record to <paramref name="apply"/> (which throws <see cref="InvalidDataException"/>
    /// for a record that cannot follow the ones before it) and returns where the sound records end, with
    /// the torn tail when <paramref name="tailMayBeTorn"/> allowed one.
    /// </summary>
    public static (long ValidLength, TornTail? Torn) Read(string path, ReadOnlySpan<byte> magic, bool tailMayBeTorn, Action<JournalRecord> apply)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < magic.Length)
        {
            if (tailMayBeTorn && IsPrefixOrZeros(file, magic))
            {
                return (0, new TornTail(path, 0, file.Length, "the file header is cut short"));
            }

            throw new DataDirectoryCorruptException(path, 0, $"the file is too short ({file.Length} bytes) for its header");
        }

        if (!file.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            throw new DataDirectoryCorruptException(path, 0, $"the file does not start with \"{Encoding.ASCII.GetString(magic)}\"");
        }

        var offset = magic.Length;
        while (offset < file.Length)
        {
            if (RecordFrame.Check(file, offset, out var payload) is { } problem)
            {
                if (tailMayBeTorn && !RecordFrame.AnySoundFrameAfter(file, offset))
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

    private static bool IsPrefixOrZeros(byte[] file, ReadOnlySpan<byte> magic) =>
        magic.StartsWith(file) || !file.AsSpan().ContainsAnyExcept((byte)0);
}
