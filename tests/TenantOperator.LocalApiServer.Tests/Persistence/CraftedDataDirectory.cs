using System.Globalization;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Tests.Persistence;

/// <summary>Writes data directory files record by record, to stage what a crash in a given window leaves.</summary>
internal static class CraftedDataDirectory
{
    public static StoredObject ConfigMap(string name, long revision) =>
        StoredObject.Create(
            "configmaps",
            JsonNode.Parse($$$"""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"default","uid":"uid-{{{name}}}",
                 "resourceVersion":"{{{revision.ToString(CultureInfo.InvariantCulture)}}}","creationTimestamp":"2025-03-01T12:00:00Z"},"data":{"k":"v"}}
                """)!.AsObject(),
            revision);

    /// <summary>A journal as the server writes it: every record in it acknowledged.</summary>
    public static void WriteJournal(string path, params JournalRecord[] records)
    {
        File.Delete(path);
        using var writer = RecordFileWriter.CreateJournal(path);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Sync();
    }

    /// <summary>A journal of the first format (<c>LASJRN01</c>), which records no acknowledged length.</summary>
    public static void WriteLegacyJournal(string path, params JournalRecord[] records) => Write(path, JournalFile.LegacyMagic, records);

    /// <summary>The manifest, naming the newest journal generation.</summary>
    public static void WriteManifest(TemporaryDirectory directory, long newestJournal)
    {
        using var dataDirectory = DataDirectory.Open(directory.FullPath);
        ManifestFile.Write(dataDirectory, newestJournal);
    }

    public static void WriteSnapshot(string path, long revision, params StoredObject[] objects) =>
        Write(path, SnapshotFile.Magic, [.. objects.Select(o => new JournalRecord.Put(o)), new JournalRecord.SnapshotEnd(revision, objects.Length)]);

    public static string JournalName(long generation) => $"journal-{generation:D10}.log";

    public static string SnapshotName(long generation) => $"snapshot-{generation:D10}.snap";

    private static void Write(string path, ReadOnlySpan<byte> magic, IEnumerable<JournalRecord> records)
    {
        using var writer = RecordFileWriter.Create(path, magic, replace: true);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Sync();
    }
}
