using YamlDotNet.Serialization;

namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// config/prometheus/rules.yaml checked and unit-tested by the real promtool (Debian's prometheus package), with the
/// tests in Monitoring/Rules/*.test.yaml: every alert fires when it should and stays quiet when it should.
/// </summary>
public sealed class PrometheusRuleTests : IDisposable
{
    private static readonly string TestsDirectory = RepositoryPaths.Of("tests", "TenantOperator.Tests", "Monitoring", "Rules");
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("promtool-");

    [Fact]
    public async Task Promtool_AcceptsTheRules()
    {
        var rules = PrometheusRules.Load();
        var run = await Promtool(rules.AsRulesFile(), "check", "rules", "rules.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"SUCCESS: {rules.Rules.Count} rules found", run.Output);
    }

    [Fact]
    public async Task Promtool_UnitTestsOfEveryAlert_Pass()
    {
        var run = await Promtool(PrometheusRules.Load().AsRulesFile(), ["test", "rules", .. TestFiles().Select(Path.GetFileName)!]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("FAILED", run.Output + run.Error);
    }

    [Fact]
    public async Task Promtool_UnitTests_CatchAThresholdChange()
    {
        // The same tests against rules whose reconcile-error threshold is 50 % instead of 10 %: the firing case (33 %)
        // must now fail, which shows the tests pin the threshold rather than pass whatever the rules say.
        var weakened = PrometheusRules.Load().AsRulesFile().Replace("tenant_operator:reconcile_errors:ratio_rate10m > 0.1", "tenant_operator:reconcile_errors:ratio_rate10m > 0.5", StringComparison.Ordinal);
        Assert.Contains("> 0.5", weakened);

        var run = await Promtool(weakened, ["test", "rules", .. TestFiles().Select(Path.GetFileName)!]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("alertname: TenantOperatorReconcileErrors", run.Output + run.Error);
    }

    [Fact]
    public void EveryAlert_HasATestThatFires_AndOneThatStaysQuiet()
    {
        var cases = TestFiles()
            .Select(file => (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(file))!)
            .SelectMany(doc => (List<object>)doc["tests"]).Cast<Dictionary<object, object>>()
            .SelectMany(test => test.TryGetValue("alert_rule_test", out var checks) ? (List<object>)checks : [])
            .Cast<Dictionary<object, object>>()
            .Select(check => (Alert: (string)check["alertname"], Fires: check.TryGetValue("exp_alerts", out var expected) && expected is List<object> { Count: > 0 }))
            .ToList();

        foreach (var alert in PrometheusRules.Load().Alerts.Select(a => (string)a["alert"]))
        {
            Assert.True(cases.Contains((alert, true)), $"no promtool test expects {alert} to fire");
            Assert.True(cases.Contains((alert, false)), $"no promtool test expects {alert} to stay quiet");
        }
    }

    [Fact]
    public void EveryAlert_HasASeverity_AndARunbookThatSaysWhatItMeans_HowToConfirm_AndWhatToDo()
    {
        foreach (var alert in PrometheusRules.Load().Alerts)
        {
            var name = (string)alert["alert"];
            var labels = (Dictionary<object, object>)alert["labels"];
            var annotations = (Dictionary<object, object>)alert["annotations"];
            Assert.Contains((string)labels["severity"], new[] { "critical", "warning" });
            Assert.Equal($"docs/runbooks/{name}.md", annotations["runbook_url"]);

            var runbook = RepositoryPaths.Of("docs", "runbooks", $"{name}.md");
            Assert.True(File.Exists(runbook), $"{name}: no runbook at {runbook}");
            var text = File.ReadAllText(runbook);
            Assert.StartsWith($"# {name}\n", text);
            foreach (var section in new[] { "## What it means", "## How to confirm", "## What to do" })
            {
                Assert.True(text.Contains("\n" + section + "\n", StringComparison.Ordinal), $"{runbook} lacks the section \"{section}\"");
            }
        }
    }

    private static IEnumerable<string> TestFiles() => Directory.GetFiles(TestsDirectory, "*.test.yaml").Order(StringComparer.Ordinal);

    /// <summary>Writes the rules file and copies the test files into a work directory, then runs promtool there.</summary>
    private async Task<ToolRun> Promtool(string rulesFile, params string[] args)
    {
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "rules.yaml"), rulesFile);
        foreach (var file in TestFiles())
        {
            File.Copy(file, Path.Combine(_work.FullName, Path.GetFileName(file)), overwrite: true);
        }

        return await ExternalTool.RunAsync("promtool", "prometheus", _work.FullName, args);
    }

    public void Dispose() => _work.Delete(recursive: true);
}
