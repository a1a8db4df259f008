namespace TenantOperator.Tests.Cli;

/// <summary>Manifests written to a temporary directory for one test, deleted with it.</summary>
internal sealed class AuditManifestFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("audit-test-").FullName;

    /// <summary>Writes <paramref name="yaml"/> to <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, string yaml)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
