using System.Diagnostics;

namespace TenantOperator.Tests.Cli;

/// <summary>The executable as a newcomer and a container runtime use it.</summary>
public sealed class ProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunLocalWithSamples_ReconcilesThem_AndSigtermExitsZeroAfterReleasingTheLease()
    {
        var work = Directory.CreateTempSubdirectory("run-local-");
        try
        {
            using var process = ChildProcess.Start(work.FullName, "run", "--local", "--with-samples", "--port", "0",
                "--samples", RepositoryPaths.Of("config", "samples"), "--metrics-address", "http://127.0.0.1:0");

            await process.WaitForOutputAsync("Reconciled 3 tenant(s)", Deadline);
            // The summary's lines arrive one by one after its heading: wait for the line, not only the heading.
            await process.WaitForOutputAsync("payments             Ready=", Deadline);
            await process.WaitForOutputAsync("web                  Ready=", Deadline);
            Assert.Contains("payments             Ready=True (Reconciled)  Isolated=True  namespaces=2  policies=10", process.Output);
            Assert.Contains($"kubeconfig:       {Path.Combine(work.FullName, ".local", "kubeconfig")}", process.Output);

            var exitCode = await process.TerminateAsync(Deadline);
            Assert.Equal(0, exitCode);
            Assert.Contains("Released lease tenant-operator-system/tenant-operator", process.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LocalApiServer_ServesKubectl_AndStopsOnSigterm()
    {
        var work = Directory.CreateTempSubdirectory("local-apiserver-");
        try
        {
            var kubeconfig = Path.Combine(work.FullName, "kubeconfig");
            using var process = ChildProcess.Start(work.FullName, "local-apiserver", "--port", "0", "--kubeconfig-out", kubeconfig);
            await process.WaitForOutputAsync("kubeconfig: ", Deadline);

            var kubectl = Process.Start(new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name"]) { RedirectStandardOutput = true })
                ?? throw new InvalidOperationException("kubectl is not installed: install kubectl 1.32 (e.g. apt-get install kubernetes-client, or the binary from dl.k8s.io) to run these tests");
            var names = await kubectl.StandardOutput.ReadToEndAsync();
            await kubectl.WaitForExitAsync();

            Assert.Equal(0, kubectl.ExitCode);
            Assert.Contains("namespace/kube-system", names);
            Assert.Equal(0, await process.TerminateAsync(Deadline));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LocalApiServerWithADataDirectory_KeepsObjectsAcrossARestart()
    {
        var work = Directory.CreateTempSubdirectory("local-apiserver-data-");
        try
        {
            var kubeconfig = Path.Combine(work.FullName, "kubeconfig");
            var data = Path.Combine(work.FullName, "data");
            using (var first = ChildProcess.Start(work.FullName, "local-apiserver", "--port", "0", "--kubeconfig-out", kubeconfig, "--data-dir", data))
            {
                await first.WaitForOutputAsync("kubeconfig: ", Deadline);
                Assert.Equal(0, await KubectlAsync(kubeconfig, "create", "namespace", "kept"));
                Assert.Equal(0, await first.TerminateAsync(Deadline));
            }

            using var second = ChildProcess.Start(work.FullName, "local-apiserver", "--port", "0", "--kubeconfig-out", kubeconfig, "--data-dir", data);
            await second.WaitForOutputAsync("kubeconfig: ", Deadline);
            Assert.Equal(0, await KubectlAsync(kubeconfig, "get", "namespace", "kept"));
            Assert.Equal(0, await second.TerminateAsync(Deadline));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<int> KubectlAsync(string kubeconfig, params string[] args)
    {
        using var kubectl = Process.Start(new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("kubectl is not installed: install kubectl 1.32 to run these tests");
        await kubectl.WaitForExitAsync();
        return kubectl.ExitCode;
    }
}
