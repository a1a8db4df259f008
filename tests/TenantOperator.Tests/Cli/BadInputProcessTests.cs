using System.Text;

namespace TenantOperator.Tests.Cli;

/// <summary>
/// Hostile inputs that only a real process can take: endless devices, nesting deep enough to overflow a stack, a file
/// larger than the input limit. Each must end with exit code 1 and one located line, never a crash (exit 134) or a
/// stack trace. The deadline only catches a hang; how fast and how small is measured by
/// <c>bench/TenantOperator.Benchmarks -- bad-input</c>.
/// </summary>
public sealed class BadInputProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bad-input-process-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public async Task AnEndlessDevice_IsRefusedAtTheByteLimit(string device)
    {
        var (exitCode, output) = await RunAsync("validate", "-f", device);

        Assert.Equal(1, exitCode);
        Assert.Equal([$"{device}: more than 8 MiB: the manifests one command reads are limited to 8 MiB", "1 error(s) in 0 object(s)"], Lines(output));
    }

    [Fact]
    public async Task AFileOf50MiB_IsRefusedAtTheByteLimit()
    {
        var path = Path.Combine(_directory.FullName, "big.yaml");
        var document = "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: padding\n";
        await File.WriteAllTextAsync(path, new StringBuilder().Insert(0, document, 50 * 1024 * 1024 / document.Length).ToString());

        var (exitCode, output) = await RunAsync("audit", "-f", path);

        Assert.Equal(1, exitCode);
        Assert.Equal([$"{path}: more than 8 MiB: the manifests one command reads are limited to 8 MiB", "1 error(s): nothing audited"], Lines(output));
    }

    [Theory]
    [InlineData("flow", "t.yaml: document 1: line 1, column 67: nesting deeper than 64 levels")]
    [InlineData("block", "t.yaml: document 1: line 1, column 129: nesting deeper than 64 levels")]
    [InlineData("json", "t.yaml: document 1: line 1, column 91: nesting deeper than 64 levels")]
    public async Task NestingAHundredThousandLevelsDeep_IsALocatedError_NotAStackOverflow(string style, string expected)
    {
        const int Depth = 100_000;
        var text = style switch
        {
            "flow" => "a: " + new string('[', Depth) + new string(']', Depth) + "\n",
            "block" => string.Concat(Enumerable.Repeat("- ", Depth)) + "x\n",
            _ => "{\"kind\": \"Namespace\", \"a\": " + new string('[', Depth) + new string(']', Depth) + "}",
        };
        var path = Path.Combine(_directory.FullName, "t.yaml");
        await File.WriteAllTextAsync(path, text);

        var (exitCode, output) = await RunAsync("validate", "-f", path);

        Assert.Equal(1, exitCode);
        Assert.Equal([expected, "1 error(s) in 0 object(s)"], Lines(output).Select(l => l.Replace(path, "t.yaml", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnAliasBomb_IsRefused()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = "a";
        foreach (var name in "bcdefghi")
        {
            yaml.Append($"{name}: &{name} [{string.Join(",", Enumerable.Repeat("*" + previous, 9))}]\n");
            previous = name.ToString();
        }

        var path = Path.Combine(_directory.FullName, "bomb.yaml");
        await File.WriteAllTextAsync(path, yaml.ToString());

        var (exitCode, output) = await RunAsync("render", "-f", path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"{path}: document 1: line 6, column 8: excessive aliasing", Lines(output)[0]);
    }

    [Fact]
    public async Task Stdin_IsReadAsAFile_AndHeldToTheSameLimit()
    {
        var valid = await RunWithStdinAsync(Encoding.UTF8.GetBytes("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"));
        var endless = await RunWithStdinAsync(new byte[9 * 1024 * 1024]);

        Assert.Equal((0, "1 object(s) valid: 0 TenantIsolation(s), 1 Namespace(s)\n", ""), valid);
        Assert.Equal((1, "", "<stdin>: more than 8 MiB: the manifests one command reads are limited to 8 MiB\n1 error(s) in 0 object(s)\n"), endless);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunWithStdinAsync(byte[] input)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "tenant-operator.dll"), "validate", "-f", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The reader stops one byte past the limit and exits: the rest of the input has nowhere to go.
        }

        using var timeout = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var process = ChildProcess.Start(_directory.FullName, args);
        var exitCode = await process.WaitForExitAsync(Deadline);
        Assert.DoesNotContain("   at ", process.Output);
        return (exitCode, process.Output);
    }
}
