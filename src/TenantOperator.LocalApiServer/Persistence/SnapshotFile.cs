using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// A snapshot: every object of the store as one record each, then an end record with the store's
/// resourceVersion and the object count. It is written under a temporary name, flushed to disk and
/// only then renamed into place, so a snapshot that exists under its real name is complete.
/// </summary>
internal static class SnapshotFile
{
    public static ReadOnlySpan<byte> Magic => "LASSNP01"u8;

    /// <summary>Writes generation <paramref name="generation"/>'s snapshot of <paramref name="snapshot"/> and makes it durable.</summary>
    public static void Write(DataDirectory directory, long generation, StoreSnapshot snapshot)
    {
        var path = directory.SnapshotPath(generation);
        var temporary = DataDirectory.TemporaryPathOf(path);
        using (var writer = RecordFileWriter.Create(temporary, Magic, replace: true))
        {
            foreach (var obj in snapshot.Objects)
            {
                writer.Append(new JournalRecord.Put(obj));
            }

            writer.Append(new JournalRecord.SnapshotEnd(snapshot.Revision, snapshot.Objects.Count));
            writer.Sync();
        }

        File.Move(temporary, path, overwrite: true);
        directory.SyncEntries();
    }

    /// <summary>Loads a snapshot into <paramref name="state"/>; any damage is a <see cref="DataDirectoryCorruptException"/>.</summary>
    public static void Read(string path, RecoveredState state)
    {
        var length = RecordFileReader.ReadSnapshot(path, Magic, state.ApplySnapshotRecord);
        try
        {
            state.RequireSnapshotEnd();
        }
        catch (InvalidDataException e)
        {
            throw new DataDirectoryCorruptException(path, length, e.Message, e);
        }
    }
}
