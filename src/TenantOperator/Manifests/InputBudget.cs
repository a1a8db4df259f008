namespace TenantOperator.Manifests;

/// <summary>
/// What one command has read so far, against its <see cref="InputLimits"/>: bytes, objects and values summed over every
/// input, so that many small files are bounded like one large one.
/// </summary>
internal sealed class InputBudget(InputLimits limits)
{
    private long _bytes;
    private long _nodes;
    private int _documents;

    /// <summary>The limits this budget enforces.</summary>
    public InputLimits Limits => limits;

    /// <summary>How many more bytes the next input may have.</summary>
    public long BytesLeft => Math.Max(limits.MaxBytes - _bytes, 0);

    /// <summary>Counts an input's bytes.</summary>
    public void AddBytes(long count) => _bytes += count;

    /// <summary>Counts one object; throws when there are too many.</summary>
    public void AddDocument(long line = 0, long column = 0)
    {
        if (++_documents > limits.MaxDocuments)
        {
            throw new ManifestInputException($"more than {limits.MaxDocuments} objects in the inputs of one command", line, column, endsReading: true);
        }
    }

    /// <summary>Counts values (scalars, mappings, sequences); throws when there are too many.</summary>
    public void AddNodes(long count, long line, long column)
    {
        _nodes += count;
        if (_nodes > limits.MaxNodes)
        {
            throw new ManifestInputException($"more than {limits.MaxNodes} values in the inputs of one command", line, column, endsReading: true);
        }
    }

    /// <summary>A byte count as people read it: 16 MiB, 512 KiB, 100 bytes.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
