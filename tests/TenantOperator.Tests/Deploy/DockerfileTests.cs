using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TenantOperator.Tests.Deploy;

/// <summary>
/// The Dockerfile's promises, read from its instructions (no Docker engine runs here): restore in a layer of its own
/// with every project the operator references, `make publish` as the build step, TARGETARCH for buildx, pinned
/// base images, a chiseled non-root runtime.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly List<Instruction> Instructions = Parse(File.ReadAllText(RepositoryPaths.Of("Dockerfile")));

    [Fact]
    public void Restore_RunsInItsOwnLayer_BeforeTheSourcesAreCopied()
    {
        var restore = Index(i => i.Is("RUN") && i.Arguments.StartsWith("make restore ARCH=$TARGETARCH", StringComparison.Ordinal));
        var sources = Index(i => i.Is("COPY") && i.Arguments == "src/ src/");
        var publish = Index(i => i.Is("RUN") && i.Arguments.StartsWith("make publish ARCH=$TARGETARCH NO_RESTORE=1", StringComparison.Ordinal));

        Assert.True(restore < sources && sources < publish, $"restore {restore}, COPY src/ {sources}, publish {publish}");
        // Only project files, the props and the Makefile may reach the restore layer; a source file would void its cache.
        foreach (var copy in Instructions.Take(restore).Where(i => i.Is("COPY")))
        {
            Assert.All(copy.Arguments.Split(' ')[..^1], file => Assert.Matches(@"(\.csproj|\.props|global\.json|\.editorconfig|Makefile)$", file));
        }
    }

    [Fact]
    public void RestoreLayer_CopiesEveryProjectTheOperatorReferences()
    {
        var copied = Instructions.Where(i => i.Is("COPY")).SelectMany(i => i.Arguments.Split(' ')[..^1]).ToHashSet();

        foreach (var project in ProjectClosure("src/TenantOperator/TenantOperator.csproj"))
        {
            Assert.Contains(project, copied);
        }
    }

    [Fact]
    public void BuildStage_RunsOnTheBuildersPlatform_AndPublishesForTheTargetArchitecture()
    {
        var build = Instructions.First(i => i.Is("FROM"));
        Assert.StartsWith("--platform=$BUILDPLATFORM ", build.Arguments);
        Assert.Contains(Instructions, i => i.Is("ARG") && i.Arguments == "TARGETARCH");
        // The runtime stage has no --platform: buildx pulls it for each target platform.
        Assert.DoesNotContain("--platform", Instructions.Last(i => i.Is("FROM")).Arguments);
    }

    [Fact]
    public void BaseImages_ArePinned_SdkMatchingGlobalJson_RuntimeMatchingTheTargetFramework()
    {
        var images = Instructions.Where(i => i.Is("FROM")).Select(i => i.Arguments.Split(' ').First(a => !a.StartsWith("--", StringComparison.Ordinal))).ToList();
        var sdk = PinnedVersion(images[0], "mcr.microsoft.com/dotnet/sdk");
        var runtime = PinnedVersion(images[^1], "mcr.microsoft.com/dotnet/aspnet");

        // global.json: this major.minor, at least its version (rollForward latestFeature).
        using var globalJson = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Of("global.json")));
        var wanted = Version.Parse(globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!);
        Assert.Equal((wanted.Major, wanted.Minor), (sdk.Major, sdk.Minor));
        Assert.True(sdk >= wanted, $"SDK {sdk} is older than global.json's {wanted}");

        var framework = XDocument.Load(RepositoryPaths.Of("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        Assert.Equal(framework, $"net{runtime.Major}.{runtime.Minor}");
    }

    [Fact]
    public void Runtime_IsChiseled_AndRunsAsANumericNonRootUser()
    {
        var runtimeStage = Instructions.Skip(Instructions.FindLastIndex(i => i.Is("FROM"))).ToList();
        Assert.Contains("-chiseled", runtimeStage[0].Arguments);
        var user = runtimeStage.Last(i => i.Is("USER")).Arguments;
        var uid = int.Parse(user.Split(':')[0]);
        Assert.NotEqual(0, uid);
        Assert.Equal("[\"dotnet\", \"/app/tenant-operator.dll\"]", runtimeStage.Single(i => i.Is("ENTRYPOINT")).Arguments);
    }

    [Fact]
    public async Task PublishTarget_IsTheCommandTheDockerfileRuns()
    {
        // make -n prints the recipe without running it: the arguments the Dockerfile's RUN line turns into.
        var dryRun = await Make.RunAsync("-n", "publish", "ARCH=arm64", "NO_RESTORE=1", "PUBLISH_DIR=/app");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(
            "dotnet publish src/TenantOperator/TenantOperator.csproj -c Release -o /app --no-self-contained -a arm64 --no-restore",
            dryRun.Output.Trim());
    }

    [Fact]
    public void ContinuousIntegration_RunsTheDockerfilesBuildSteps()
    {
        var ci = File.ReadAllText(RepositoryPaths.Of(".ci", "run"));
        Assert.Contains("make restore ARCH=\"$arch\" && make publish ARCH=\"$arch\" NO_RESTORE=1", ci);
    }

    private static Version PinnedVersion(string image, string repository)
    {
        var match = Regex.Match(image, $"^{Regex.Escape(repository)}:(?<version>\\d+\\.\\d+\\.\\d+)(-[a-z-]+)?(@sha256:[0-9a-f]{{64}})?$");
        Assert.True(match.Success, $"{image} is not {repository} pinned to an exact version tag (or a digest)");
        return Version.Parse(match.Groups["version"].Value);
    }

    private static int Index(Func<Instruction, bool> predicate)
    {
        var index = Instructions.FindIndex(i => predicate(i));
        Assert.True(index >= 0, "instruction not found in the Dockerfile");
        return index;
    }

    // The operator's project and every project it references, transitively, as repository paths.
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(path)!;
            foreach (var reference in XDocument.Load(RepositoryPaths.Of(path)).Descendants("ProjectReference"))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, Path.GetFullPath(Path.Combine(RepositoryPaths.Root, directory, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
                pending.Push(relative);
            }
        }

        return seen;
    }

    // Instructions with their continuation lines joined and comments dropped, as the Dockerfile parser reads them.
    private static List<Instruction> Parse(string dockerfile)
    {
        var joined = ContinuationRegex().Replace(string.Join('\n', dockerfile.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))), " ");
        return joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => l.Split(' ', 2) is [var keyword, var rest] ? new Instruction(keyword.ToUpperInvariant(), rest.Trim()) : new Instruction(l.ToUpperInvariant(), ""))
            .ToList();
    }

    [GeneratedRegex(@"\\\n")]
    private static partial Regex ContinuationRegex();

    private sealed record Instruction(string Keyword, string Arguments)
    {
        public bool Is(string keyword) => Keyword == keyword;
    }
}
