namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>Appends framed records to a journal or snapshot file; <see cref="Sync"/> makes them durable.</summary>
internal sealed class RecordFileWriter : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly FileStream _stream;

    private RecordFileWriter(FileStream stream)
    {
        _stream = stream;
    }

    public string FilePath => _stream.Name;

    /// <summary>Bytes in the file, header included.</summary>
    public long Length => _stream.Position;

    /// <summary>A new file holding only <paramref name="magic"/>; <paramref name="replace"/> allows overwriting one.</summary>
    public static RecordFileWriter Create(string path, ReadOnlySpan<byte> magic, bool replace)
    {
        var stream = new FileStream(path, replace ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize);
        stream.Write(magic);
        return new RecordFileWriter(stream);
    }

    /// <summary>
    /// An existing file to append to after its first <paramref name="validLength"/> bytes: whatever follows
    /// them (a torn record) is cut off first, so new records never sit behind garbage. A file too short
    /// for its header starts over.
    /// </summary>
    public static RecordFileWriter Continue(string path, ReadOnlySpan<byte> magic, long validLength)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, BufferSize);
        if (validLength < magic.Length)
        {
            stream.SetLength(0);
            stream.Write(magic);
        }
        else
        {
            if (stream.Length != validLength)
            {
                stream.SetLength(validLength);
            }

            stream.Position = validLength;
        }

        var writer = new RecordFileWriter(stream);
        writer.Sync();
        return writer;
    }

    public void Append(JournalRecord record) => RecordFrame.Write(_stream, RecordCodec.Encode(record));

    /// <summary>Writes buffered records and waits until the disk has them (fsync).</summary>
    public void Sync() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();
}
