namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// Rebuilds the store from a data directory: the newest snapshot, then every journal from its generation
/// on, in order. Only the last journal may end in a torn record; a missing journal, a damaged record
/// elsewhere, or a journal out of order stops the start with the file and offset.
/// </summary>
internal static class StateRecovery
{
    public static Recovery Recover(DataDirectory directory)
    {
        directory.RemoveTemporaryFiles();
        var state = new RecoveredState();
        var snapshots = directory.SnapshotGenerations();
        var baseGeneration = snapshots.Count > 0 ? snapshots[^1] : 0;
        if (snapshots.Count > 0)
        {
            SnapshotFile.Read(directory.SnapshotPath(baseGeneration), state);
        }

        var journals = directory.JournalGenerations().Where(g => g >= baseGeneration).ToList();
        if (journals.Count == 0 && snapshots.Count == 0)
        {
            return new Recovery(state, 0, 0, 0, null);
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

        long length = 0;
        TornTail? torn = null;
        foreach (var generation in journals)
        {
            var last = generation == journals[^1];
            (length, torn) = RecordFileReader.Read(directory.JournalPath(generation), JournalFile.Magic, tailMayBeTorn: last, state.ApplyJournalRecord);
        }

        return new Recovery(state, baseGeneration, journals[^1], length, torn);
    }
}
