namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>The incomplete last record a crash left at the end of the journal: it was never acknowledged.</summary>
internal sealed record TornTail(string FilePath, long Offset, long Length, string Problem);
