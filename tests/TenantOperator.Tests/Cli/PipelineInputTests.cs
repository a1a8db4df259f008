using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Hosting;

namespace TenantOperator.Tests.Cli;

/// <summary>
/// validate and render fed as a pipeline feeds them: the whole output of the real <c>kubectl kustomize</c>, the
/// cluster's namespaces from the real <c>kubectl get ns -o yaml</c>, and inputs that hold nothing.
/// </summary>
public sealed class PipelineInputTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("pipeline-input-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Validate_KustomizeOutputOfConfigDefault_ChecksTheNamespace_AndCountsAndSkipsTheRest()
    {
        var rendered = Path.Combine(_work.FullName, "default.yaml");
        await File.WriteAllTextAsync(rendered, await KubectlAsync("kustomize", RepositoryPaths.Of("config", "default")));

        var run = await CliRun.Of("validate", "-f", rendered);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("1 object(s) valid: 0 TenantIsolation(s), 1 Namespace(s); ", run.Output);
        Assert.Contains("apiextensions.k8s.io/v1 CustomResourceDefinition (1)", run.Output);
        Assert.Contains("apps/v1 Deployment (1)", run.Output);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task ValidateStrict_RefusesEachObjectOfAnotherKind_ByLocation()
    {
        var file = Path.Combine(_work.FullName, "mixed.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n");

        var loose = await CliRun.Of("validate", "-f", file);
        var strict = await CliRun.Of("validate", "-f", file, "--strict");

        Assert.Equal((0, "1 object(s) valid: 0 TenantIsolation(s), 1 Namespace(s); 1 object(s) of other kinds skipped: v1 Service (1)\n"), (loose.ExitCode, loose.Output));
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal(
        [
            $"{file}: document 2 (Service s): not a TenantIsolation or Namespace (--strict): validate reads only TenantIsolation (isolation.tenantoperator.io/v1alpha1) and Namespace (v1)",
            "1 error(s) in 2 object(s)",
        ], strict.ErrorLines);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("render")]
    public async Task AnEmptyDirectory_IsAnError_NotZeroObjectsValid(string verb)
    {
        var empty = _work.CreateSubdirectory("empty").FullName;
        await File.WriteAllTextAsync(Path.Combine(empty, "README.md"), "not a manifest");

        var run = await CliRun.Of(verb, "-f", empty);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Equal($"{empty}: no objects found: the input is empty (a directory is read for its *.yaml, *.yml and *.json files, not recursively)", run.ErrorLines[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n---\n")]
    public async Task AnEmptyFile_IsAnError(string content)
    {
        var file = Path.Combine(_work.FullName, "empty.yaml");
        await File.WriteAllTextAsync(file, content);

        var run = await CliRun.Of("validate", "-f", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([$"{file}: no objects found: the input is empty (a directory is read for its *.yaml, *.yml and *.json files, not recursively)", "1 error(s) in 0 object(s)"], run.ErrorLines);
    }

    [Fact]
    public async Task RenderRecipe_WithTheClusterNamespacesFromKubectl_RendersTheSamplesGolden()
    {
        // The samples' namespaces are in the cluster and in the repository: the README's recipe used to fail on them
        // as "duplicate object".
        await using var cluster = await LocalCluster.StartAsync(0, Path.Combine(_work.FullName, "kubeconfig"), "tenant-operator-system",
            RepositoryPaths.Of("config", "samples"), dataDirectory: null, NullLoggerFactory.Instance, CancellationToken.None);
        var namespaces = Path.Combine(_work.FullName, "ns.yaml");
        await File.WriteAllTextAsync(namespaces, await KubectlAsync("--kubeconfig", cluster.KubeconfigPath, "get", "ns", "-o", "yaml"));

        var run = await CliRun.Of("render", "-f", RepositoryPaths.Of("config", "samples"), "--namespaces", namespaces);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(RepositoryPaths.Of("tests", "TenantOperator.Tests", "Cli", "Golden", "samples.render.yaml")), run.Output);
        Assert.Equal(["note: tenant web: namespace web-loadtest excluded: Exempt: load test until 2026-12-01"], run.ErrorLines);
    }

    [Fact]
    public async Task RenderNamespaces_KeepTheClusterLabels_WithTheRepositorysSetOverThem()
    {
        var tenants = Path.Combine(_work.FullName, "tenants.yaml");
        await File.WriteAllTextAsync(tenants, """
            apiVersion: isolation.tenantoperator.io/v1alpha1
            kind: TenantIsolation
            metadata: {name: web}
            spec: {namespaceSelector: {matchLabels: {tenant: web}}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: moved, labels: {tenant: web}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: new-in-repo, labels: {tenant: web}}
            """);
        var namespaces = Path.Combine(_work.FullName, "ns.yaml");
        await File.WriteAllTextAsync(namespaces, """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: moved, labels: {tenant: payments, team: x}}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: live-only, labels: {tenant: web}}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: other}}
            """);

        var run = await CliRun.Of("render", "-f", tenants, "--namespaces", namespaces);

        Assert.Equal(0, run.ExitCode);
        var policies = KubernetesYaml.LoadAllFromString(run.Output).Cast<V1NetworkPolicy>();
        Assert.Equal(["live-only", "moved", "new-in-repo"], policies.Select(p => p.Metadata.NamespaceProperty).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RenderNamespaces_ThatHoldAnotherKindOrNothing_AreErrors()
    {
        var notNamespaces = Path.Combine(_work.FullName, "pods.yaml");
        await File.WriteAllTextAsync(notNamespaces, "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n");
        var empty = Path.Combine(_work.FullName, "none.yaml");
        await File.WriteAllTextAsync(empty, "");

        var wrongKind = await CliRun.Of("render", "-f", RepositoryPaths.Of("config", "samples"), "--namespaces", notNamespaces);
        var nothing = await CliRun.Of("render", "-f", RepositoryPaths.Of("config", "samples"), "--namespaces", empty);

        Assert.Equal((1, ""), (wrongKind.ExitCode, wrongKind.Output));
        Assert.Equal($"{notNamespaces}: document 1 (Pod p): --namespaces reads only Namespaces (v1), as kubectl get ns -o yaml prints them", wrongKind.ErrorLines[0]);
        Assert.Equal((1, ""), (nothing.ExitCode, nothing.Output));
        Assert.Equal($"{empty}: --namespaces holds no Namespace: give the cluster's, e.g. <(kubectl get ns -o yaml)", nothing.ErrorLines[0]);
    }

    private static async Task<string> KubectlAsync(params string[] args)
    {
        using var kubectl = Process.Start(new ProcessStartInfo("kubectl", args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("kubectl is not installed: install kubectl 1.32 to run these tests");
        var stdout = kubectl.StandardOutput.ReadToEndAsync();
        var stderr = await kubectl.StandardError.ReadToEndAsync();
        await kubectl.WaitForExitAsync();
        Assert.True(kubectl.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {kubectl.ExitCode}: {stderr}");
        return await stdout;
    }
}
