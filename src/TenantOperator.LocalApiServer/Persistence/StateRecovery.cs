using System.Globalization;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// Rebuilds the store from a data directory: the newest snapshot, then every journal from its generation
/// on, in order. What the directory acknowledged must all be there: the newest journal the manifest names
/// must exist, each journal must hold the length its header acknowledged, and resourceVersions must
/// follow one another without a gap. Only the newest journal may end in a torn record, past what it
/// acknowledged. Anything else stops the start with the file and offset.
/// </summary>
internal static class StateRecovery
{
    public static Recovery Recover(DataDirectory directory)
    {
        directory.RemoveTemporaryFiles();
        var manifest = ManifestFile.Read(directory);
        var state = new RecoveredState();
        var snapshots = directory.SnapshotGenerations();
        var baseGeneration = snapshots.Count > 0 ? snapshots[^1] : 0;
        var journals = directory.JournalGenerations().Where(g => g >= baseGeneration).ToList();
        if (manifest is { } named && !journals.Contains(named) && (journals.Count == 0 || journals[^1] < named))
        {
            throw new DataDirectoryCorruptException(directory.JournalPath(named), 0, string.Create(
                CultureInfo.InvariantCulture,
                $"the manifest {directory.ManifestPath} names journal generation {named} as the newest, but the journal is missing: every change it acknowledged is lost"));
        }

        if (snapshots.Count > 0)
        {
            SnapshotFile.Read(directory.SnapshotPath(baseGeneration), state);
        }

        if (journals.Count == 0 && snapshots.Count == 0)
        {
            return new Recovery(state, 0, 0, 0, null, Legacy: false, NeedsManifest: true);
        }

        if (journals.Count == 0)
        {
            throw new DataDirectoryCorruptException(directory.JournalPath(baseGeneration), 0, "the journal that continues the snapshot of the same generation is missing");
        }

        for (var i = 0; i < journals.Count; i++)
        {
            if (journals[i] != baseGeneration + i)
            {
                throw new DataDirectoryCorruptException(directory.JournalPath(baseGeneration + i), 0, $"the journal is missing, yet {Path.GetFileName(directory.JournalPath(journals[i]))} exists");
            }
        }

        var reads = new List<JournalRead>();
        foreach (var generation in journals)
        {
            // A journal the manifest does not name yet was still being created when the server stopped.
            var notYetNamed = manifest is not { } newest || generation > newest;
            reads.Add(RecordFileReader.ReadJournal(directory.JournalPath(generation), tailMayBeTorn: generation == journals[^1], headerMayBeIncomplete: notYetNamed, state.ApplyJournalRecord));
        }

        var legacy = reads.Any(r => r.Header.State == JournalFile.HeaderState.Legacy);
        if (manifest is null && !legacy && !reads.All(r => r.AcknowledgedNothing))
        {
            throw new DataDirectoryCorruptException(directory.ManifestPath, 0, string.Create(
                CultureInfo.InvariantCulture,
                $"the manifest is missing, yet {Path.GetFileName(directory.JournalPath(journals[^1]))} holds acknowledged changes: the server cannot tell whether a newer journal was lost"));
        }

        return new Recovery(state, baseGeneration, journals[^1], reads[^1].ValidLength, reads[^1].Torn, legacy, NeedsManifest: manifest != journals[^1]);
    }
}
