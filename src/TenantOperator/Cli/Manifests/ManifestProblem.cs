namespace TenantOperator.Cli.Manifests;

/// <summary>A manifest that could not be read: malformed YAML, a missing file, an object that is not an object.</summary>
public sealed record ManifestProblem(string Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}
