using System.Diagnostics;

namespace TenantOperator.LocalApiServer.Tests.Support;

/// <summary>Runs the real kubectl against a server through a kubeconfig the server wrote.</summary>
public sealed class Kubectl : IDisposable
{
    private readonly string _directory;

    public Kubectl(LocalKubernetesApiServer server)
    {
        Executable = Find() ?? throw new Xunit.Sdk.XunitException(
            "kubectl was not found at /usr/bin/kubectl or on PATH. The kubectl end-to-end tests need it: " +
            "install it with `apt-get install -y kubernetes-client` (Debian/Ubuntu) or from https://kubernetes.io/docs/tasks/tools/.");
        _directory = Directory.CreateTempSubdirectory("las-kubectl-").FullName;
        KubeconfigPath = server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"));
    }

    public string Executable { get; }

    public string KubeconfigPath { get; }

    public string WorkDirectory => _directory;

    public async Task<KubectlResult> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<KubectlResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(args, redirectInput: stdin is not null))!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new KubectlResult(process.ExitCode, await stdout, await stderr, string.Join(' ', args));
    }

    /// <summary>Starts a long-running kubectl (e.g. <c>get -w</c>); the caller reads its output and kills it.</summary>
    public Process Start(params string[] args) => Process.Start(StartInfo(args, redirectInput: false))!;

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ProcessStartInfo StartInfo(string[] args, bool redirectInput)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(KubeconfigPath);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(Path.Combine(_directory, "cache"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = _directory;
        info.Environment.Remove("KUBECONFIG");
        return info;
    }

    private static string? Find()
    {
        if (File.Exists("/usr/bin/kubectl"))
        {
            return "/usr/bin/kubectl";
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>What one kubectl run printed and returned.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr, string Command)
{
    public KubectlResult ShouldSucceed()
    {
        if (ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"kubectl {Command} exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return this;
    }
}
