namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// What recovery found: the state; the generation it started from (its snapshot, or the empty store for
/// 0); the generation whose journal continues (later than the base when a compaction did not finish);
/// how many bytes of that journal are sound; the torn record cut off its end, if any; whether journals of
/// the first format were read (they are replaced by a new generation at once); and whether the manifest
/// must be written to name the journal that continues.
/// </summary>
internal sealed record Recovery(RecoveredState State, long BaseGeneration, long Generation, long JournalLength, TornTail? Torn, bool Legacy, bool NeedsManifest);
