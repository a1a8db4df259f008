namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>The journal's file format: this header, then framed records (<see cref="RecordFrame"/>).</summary>
internal static class JournalFile
{
    public static ReadOnlySpan<byte> Magic => "LASJRN01"u8;
}
