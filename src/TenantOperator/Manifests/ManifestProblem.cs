namespace TenantOperator.Manifests;

/// <summary>
/// A manifest that could not be read: malformed YAML or JSON, a missing file, an object that is not an object, an input
/// over one of the <see cref="InputLimits"/>. <paramref name="Line"/> and <paramref name="Column"/> (1-based) are 0
/// when the problem has no position in the text.
/// </summary>
public sealed record ManifestProblem(string Location, string Message, long Line = 0, long Column = 0)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{Location}: line {Line}, column {Column}: {Message}" : $"{Location}: {Message}";
}
