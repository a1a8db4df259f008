using System.Globalization;
using System.Text.RegularExpressions;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// The files of a data directory, held by one server at a time (an exclusive lock on the file <c>lock</c>).
/// Generation N is <c>snapshot-N.snap</c> (the whole store; absent for generation 0, the empty store)
/// followed by <c>journal-N.log</c> (every change after it). A compaction starts generation N+1; once
/// its snapshot is durable the files of earlier generations are removed.
/// </summary>
internal sealed partial class DataDirectory : IDisposable
{
    private const string LockFileName = "lock";
    private const string TemporarySuffix = ".tmp";
    private readonly FileStream _lock;

    private DataDirectory(string path, FileStream lockFile)
    {
        FullPath = path;
        _lock = lockFile;
    }

    public string FullPath { get; }

    /// <summary>Whether fsync of the directory itself works here (see <see cref="DirectorySync"/>).</summary>
    public bool SyncsEntries { get; private set; } = true;

    /// <summary>
    /// Creates the directory if needed and locks it against a second server. A directory that cannot be
    /// written (read-only, no permission) is reported as such, a lock held elsewhere as in use.
    /// </summary>
    public static DataDirectory Open(string path)
    {
        var full = Path.GetFullPath(path);
        var lockPath = Path.Combine(full, LockFileName);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(full, e);
        }

        // Before the lock: a lock file that cannot be opened for writing would look like a locked one.
        CheckWritable(full);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix, a share lock on Windows.
            return new DataDirectory(full, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (UnauthorizedAccessException e)
        {
            throw NotWritable(full, e);
        }
        catch (IOException e)
        {
            throw new IOException($"the data directory {full} is in use by another server (its file {lockPath} is locked)", e);
        }
    }

    public string ManifestPath => Path.Combine(FullPath, ManifestFile.FileName);

    public string JournalPath(long generation) => Path.Combine(FullPath, $"journal-{generation.ToString("D10", CultureInfo.InvariantCulture)}.log");

    public string SnapshotPath(long generation) => Path.Combine(FullPath, $"snapshot-{generation.ToString("D10", CultureInfo.InvariantCulture)}.snap");

    public static string TemporaryPathOf(string path) => path + TemporarySuffix;

    /// <summary>The generations that have a journal, ascending.</summary>
    public IReadOnlyList<long> JournalGenerations() => Generations(JournalName());

    /// <summary>The generations that have a (complete: written under a temporary name, then renamed) snapshot, ascending.</summary>
    public IReadOnlyList<long> SnapshotGenerations() => Generations(SnapshotName());

    /// <summary>Removes snapshots a crash left half-written.</summary>
    public void RemoveTemporaryFiles()
    {
        foreach (var file in Directory.EnumerateFiles(FullPath, "*" + TemporarySuffix))
        {
            File.Delete(file);
        }
    }

    /// <summary>Removes the snapshots and journals of generations before <paramref name="generation"/>.</summary>
    public void RemoveGenerationsBefore(long generation)
    {
        var removed = false;
        foreach (var old in JournalGenerations().Where(g => g < generation))
        {
            File.Delete(JournalPath(old));
            removed = true;
        }

        foreach (var old in SnapshotGenerations().Where(g => g < generation))
        {
            File.Delete(SnapshotPath(old));
            removed = true;
        }

        if (removed)
        {
            SyncEntries();
        }
    }

    /// <summary>Makes created, renamed and removed entries durable, where the platform can.</summary>
    public void SyncEntries()
    {
        if (SyncsEntries)
        {
            SyncsEntries = DirectorySync.TryFlush(FullPath);
        }
    }

    public void Dispose() => _lock.Dispose();

    private static IOException NotWritable(string full, Exception cause) =>
        new($"the data directory {full} cannot be written: {cause.Message}", cause);

    // New journals, snapshots and the manifest are new entries: the directory itself must take them.
    private static void CheckWritable(string full)
    {
        var probe = Path.Combine(full, $"write-probe-{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(full, e);
        }
    }

    private List<long> Generations(Regex name) =>
        [.. Directory.EnumerateFiles(FullPath)
            .Select(f => name.Match(Path.GetFileName(f)))
            .Where(m => m.Success)
            .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Order()];

    [GeneratedRegex(@"^journal-(\d{10})\.log$")]
    private static partial Regex JournalName();

    [GeneratedRegex(@"^snapshot-(\d{10})\.snap$")]
    private static partial Regex SnapshotName();
}
