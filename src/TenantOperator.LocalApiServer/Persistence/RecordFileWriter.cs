namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// Appends framed records to a journal or snapshot file; <see cref="Sync"/> makes them durable. A journal
/// writer also records, at each sync, the length it acknowledges in the file's header
/// (<see cref="JournalFile"/>): the records first, then the header, then one fsync for both.
/// </summary>
internal sealed class RecordFileWriter : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly FileStream _stream;
    private readonly bool _isJournal;

    private RecordFileWriter(FileStream stream, bool isJournal)
    {
        _stream = stream;
        _isJournal = isJournal;
    }

    public string FilePath => _stream.Name;

    /// <summary>Bytes in the file, header included.</summary>
    public long Length => _stream.Position;

    /// <summary>A new file holding only <paramref name="magic"/>; <paramref name="replace"/> allows overwriting one.</summary>
    public static RecordFileWriter Create(string path, ReadOnlySpan<byte> magic, bool replace)
    {
        var stream = new FileStream(path, replace ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize);
        stream.Write(magic);
        return new RecordFileWriter(stream, isJournal: false);
    }

    /// <summary>A new journal that has acknowledged nothing yet, durable once this returns.</summary>
    public static RecordFileWriter CreateJournal(string path)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize);
        stream.Write(JournalFile.NewHeader());
        var writer = new RecordFileWriter(stream, isJournal: true);
        writer.Sync();
        return writer;
    }

    /// <summary>
    /// A journal to append to after its first <paramref name="validLength"/> bytes: whatever follows them
    /// (a torn record) is cut off first, so new records never sit behind garbage, and every record kept is
    /// acknowledged from now on. A journal without a (complete) header starts over.
    /// </summary>
    public static RecordFileWriter ContinueJournal(string path, long validLength)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, BufferSize);
        if (validLength < JournalFile.HeaderSize)
        {
            stream.SetLength(0);
            stream.Write(JournalFile.NewHeader());
        }
        else
        {
            if (stream.Length != validLength)
            {
                stream.SetLength(validLength);
            }

            stream.Position = validLength;
        }

        var writer = new RecordFileWriter(stream, isJournal: true);
        writer.Sync();
        return writer;
    }

    public void Append(JournalRecord record) => RecordFrame.Write(_stream, RecordCodec.Encode(record));

    /// <summary>Writes buffered records and waits until the disk has them (fsync).</summary>
    public void Sync()
    {
        if (_isJournal)
        {
            // The records reach the file before the header that acknowledges them: a process that dies in
            // between leaves more records than acknowledged (sound, or a torn tail), never fewer.
            _stream.Flush(flushToDisk: false);
            var (offset, field) = JournalFile.AcknowledgedLengthField(_stream.Position);
            RandomAccess.Write(_stream.SafeFileHandle, field, offset);
        }

        _stream.Flush(flushToDisk: true);
    }

    public void Dispose() => _stream.Dispose();
}
