namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// A data directory file that cannot be read back as written: the server refuses to start rather than
/// serve what precedes the damage and silently lose what follows it.
/// </summary>
public sealed class DataDirectoryCorruptException : IOException
{
    internal DataDirectoryCorruptException(string filePath, long offset, string problem, Exception? inner = null)
        : base($"the data directory is damaged at {filePath}, offset {offset}: {problem}. The server does not start on a damaged data directory; restore it from a copy, or start with an empty one.", inner)
    {
        FilePath = filePath;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The damaged file.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset of the first record (or header) that is damaged.</summary>
    public long Offset { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}
