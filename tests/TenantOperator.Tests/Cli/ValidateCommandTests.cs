namespace TenantOperator.Tests.Cli;

public class ValidateCommandTests
{
    private static string Fixture(string name) => RepositoryPaths.Of("tests", "TenantOperator.Tests", "Cli", "Fixtures", name);

    [Fact]
    public async Task Samples_AreValid()
    {
        var run = await CliRun.Of("validate", "-f", RepositoryPaths.Of("config", "samples"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("11 object(s) valid: 3 TenantIsolation(s), 8 Namespace(s)\n", run.Output);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task BadFile_ReportsEveryErrorWithFileDocumentAndField()
    {
        var file = Fixture("bad-tenants.yaml");
        var run = await CliRun.Of("validate", "-f", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            $"{file}: document 2 (TenantIsolation broken): spec.mode: Unsupported value: \"Audit\": supported values: \"Enforce\", \"DryRun\"",
            $"{file}: document 2 (TenantIsolation broken): unknown field \"spec.egress[1].ports[0].endport\"",
            $"{file}: document 2 (TenantIsolation broken): spec.namespaceSelector: Required value: at least one of namespaceSelector or namespaces is required",
            $"{file}: document 2 (TenantIsolation broken): spec.egress[1].to[0].ipBlock.except[0]: Invalid value: \"10.1.0.0/16\": must be inside cidr 10.0.0.0/16",
            "4 error(s) in 3 object(s)",
        ], run.ErrorLines);
    }

    [Fact]
    public async Task MalformedYaml_IsOneClearLine_NotAStackTrace()
    {
        var file = Fixture("malformed.yaml");
        var run = await CliRun.Of("validate", "-f", file);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{file}: document 2: line 10, column 1: ", run.ErrorLines[0]);
        Assert.Contains(": malformed YAML: ", run.ErrorLines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task MissingFile_IsReported()
    {
        var run = await CliRun.Of("validate", "-f", "/no/such/file.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("/no/such/file.yaml: no such file or directory", run.ErrorLines[0]);
    }

    [Fact]
    public async Task WrongApiVersion_AndMissingKind_AreReported()
    {
        var dir = Directory.CreateTempSubdirectory("validate-");
        try
        {
            var file = Path.Combine(dir.FullName, "t.yaml");
            await File.WriteAllTextAsync(file, "apiVersion: isolation.tenantoperator.io/v1\nkind: TenantIsolation\nmetadata: {name: a}\nspec: {namespaces: [a]}\n---\nmetadata: {name: b}\n");
            var run = await CliRun.Of("validate", "-f", dir.FullName);

            Assert.Equal(
            [
                $"{file}: document 1 (TenantIsolation a): apiVersion \"isolation.tenantoperator.io/v1\" is not served: use isolation.tenantoperator.io/v1alpha1",
                $"{file}: document 2: kind: Required value: every object needs apiVersion and kind",
                "2 error(s) in 2 object(s)",
            ], run.ErrorLines);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task KubectlListOutput_IsReadItemByItem()
    {
        var dir = Directory.CreateTempSubdirectory("validate-");
        try
        {
            var file = Path.Combine(dir.FullName, "list.json");
            await File.WriteAllTextAsync(file, """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "labels": {"team": "a"}}},
                  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "B"}}]}
                """);
            var run = await CliRun.Of("validate", "-f", file);

            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith($"{file}: document 1 (Namespace B): metadata.name: Invalid value: \"B\": a lowercase RFC 1123 label", run.ErrorLines[0]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Help_ShowsExamples()
    {
        foreach (var verb in new[] { "validate", "render", "crd" })
        {
            var run = await CliRun.Of(verb, "--help");
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Examples:", run.Output);
        }
    }
}
