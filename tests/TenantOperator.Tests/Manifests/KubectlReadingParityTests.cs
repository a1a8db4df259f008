using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.Tests.Manifests;

/// <summary>
/// The reader against the real kubectl: <c>kubectl annotate --local -f FILE -o json</c> reads manifests with kubectl's
/// own decoder and prints them, offline, so what kubectl would send is observable without a cluster. Each case is read
/// by both, and must agree; where the reader refuses on purpose, the test pins what kubectl does instead.
/// </summary>
public class KubectlReadingParityTests
{
    [Fact]
    public async Task EveryScalar_IsReadAsKubectlReadsIt()
    {
        var scalars = YamlReadingTests.KubectlScalars.Select(row => (string)row[0]).ToList();
        var documents = scalars.Select((scalar, i) => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\nv: {scalar}\n");

        var kubectl = await KubectlReadsAsync(string.Join("---\n", documents));

        for (var i = 0; i < scalars.Count; i++)
        {
            var ours = Read.Value(scalars[i]);
            var theirs = kubectl[i]["v"];
            Assert.True(Read.SameJson(theirs, ours), $"{scalars[i]}: kubectl reads {theirs?.ToJsonString() ?? "null"}, we read {ours?.ToJsonString() ?? "null"}");
        }
    }

    [Fact]
    public async Task EveryKey_BecomesTheStringKubectlMakesOfIt()
    {
        var keys = YamlReadingTests.KubectlKeys.Select(row => (string)row[0]).ToList();
        var documents = keys.Select((key, i) => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n{key}: v\n");

        var kubectl = await KubectlReadsAsync(string.Join("---\n", documents));

        for (var i = 0; i < keys.Count; i++)
        {
            var (ours, problems) = Read.Text($"kind: X\n{keys[i]}: v\n");
            Assert.Empty(problems);
            var theirs = kubectl[i].Select(p => p.Key).Single(k => k is not ("apiVersion" or "kind" or "metadata"));
            Assert.Equal(theirs, ours.Single().Content.Select(p => p.Key).Last());
        }
    }

    [Fact]
    public async Task MergeKeysAndAnchors_AreReadAsKubectlReadsThem()
    {
        const string Yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: merges}
            base: &base {a: "1", b: "2"}
            other: &other {b: "3", c: "4"}
            one:
              <<: *base
              a: "10"
            many:
              <<: [*base, *other]
            inline:
              <<: {x: "1"}
            alias: *base
            """;

        var kubectl = await KubectlReadsAsync(Yaml);
        var (ours, problems) = Read.Text(Yaml);

        Assert.Empty(problems);
        foreach (var key in new[] { "one", "many", "inline", "alias" })
        {
            Assert.True(Read.SameJson(kubectl[0][key], ours.Single().Content[key]), key);
        }
    }

    [Theory]
    [InlineData("v: .inf")]
    [InlineData("v: .nan")]
    [InlineData("~: v")]
    [InlineData("9223372036854775808: v")]
    [InlineData("v: !!int x12")]
    [InlineData("--- {v: 1}")]
    [InlineData("v: *missing")]
    public async Task WhatKubectlRefuses_TheReaderRefuses(string line)
    {
        var yaml = line.StartsWith("---", StringComparison.Ordinal) ? line + "\n" : $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\n{line}\n";

        var (exitCode, _, _) = await RunKubectlAsync(yaml);
        var (_, problems) = Read.Text(yaml);

        Assert.NotEqual(0, exitCode);
        Assert.NotEmpty(problems);
    }

    [Theory]
    [InlineData("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\",}}")]
    [InlineData("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}, \"v\": 1e400}")]
    [InlineData("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", /* c */ \"metadata\": {\"name\": \"x\"}}")]
    public async Task JsonInput_IsStrict_AsKubectlReadsIt(string json)
    {
        var (exitCode, _, _) = await RunKubectlAsync(json);
        var (_, problems) = Read.Text(json);

        Assert.NotEqual(0, exitCode);
        Assert.StartsWith("t.yaml: document 1: line 1, column ", Assert.Single(problems));
    }

    [Theory]
    [InlineData("v: 1e400", "\"1e400\"")] // a number out of range: kubectl sends the text
    [InlineData("v: {a: \"1\", a: \"2\"}", "{\"a\": \"2\"}")] // a duplicate key: kubectl keeps the last
    [InlineData("v:\n  a: \"1\"\n  <<: {a: \"2\"}", "{\"a\": \"2\"}")] // a merge after a written key: kubectl lets the merge win
    public async Task WhereTheReaderRefusesOnPurpose_KubectlReadsSomethingTheAuthorProbablyDidNotMean(string line, string kubectlReads)
    {
        var yaml = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\n{line}\n";

        var kubectl = await KubectlReadsAsync(yaml);
        var (_, problems) = Read.Text(yaml);

        Assert.True(Read.SameJson(JsonNode.Parse(kubectlReads), kubectl[0]["v"]), kubectl[0]["v"]?.ToJsonString());
        Assert.NotEmpty(problems);
    }

    /// <summary>The objects kubectl reads from <paramref name="manifests"/>, in order.</summary>
    private static async Task<List<JsonObject>> KubectlReadsAsync(string manifests)
    {
        var (exitCode, output, error) = await RunKubectlAsync(manifests);
        Assert.True(exitCode == 0, $"kubectl refused the manifests: {error}");
        // kubectl prints one JSON object per input object, one after the other.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        var objects = new List<JsonObject>();
        while (reader.Read())
        {
            objects.Add(JsonNode.Parse(ref reader)!.AsObject());
        }

        return objects;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunKubectlAsync(string manifests)
    {
        var file = Path.Combine(Path.GetTempPath(), $"kubectl-parity-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, manifests);
        try
        {
            var start = new ProcessStartInfo("kubectl", ["annotate", "--local", "-f", file, "-o", "json", "parity=checked"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var kubectl = Process.Start(start)
                ?? throw new InvalidOperationException("kubectl is not installed: install kubectl 1.32 to run these tests");
            var output = kubectl.StandardOutput.ReadToEndAsync();
            var error = kubectl.StandardError.ReadToEndAsync();
            await kubectl.WaitForExitAsync();
            return (kubectl.ExitCode, await output, await error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
