using System.Text.Json.Nodes;
using k8s;
using TenantOperator.Api.Schema;

namespace TenantOperator.Tests.Cli;

public class CrdCommandTests
{
    [Fact]
    public async Task CommittedCrd_EqualsTheGeneratedOne()
    {
        var run = await CliRun.Of("crd");
        var committed = await File.ReadAllTextAsync(RepositoryPaths.Of("config", "crd", "bases", "isolation.tenantoperator.io_tenantisolations.yaml"));

        Assert.Equal(0, run.ExitCode);
        Assert.True(committed == run.Output,
            "config/crd/bases/isolation.tenantoperator.io_tenantisolations.yaml differs from `tenant-operator crd`: run `make manifests` and commit the result.");
    }

    [Fact]
    public async Task Crd_HasTheShapeKubectlNeeds()
    {
        var crd = (await CliRun.Of("crd")).Output;

        Assert.Contains("scope: Cluster", crd);
        Assert.Contains("- ti", crd);
        Assert.Contains("subresources:\n      status: {}", crd);
        Assert.Contains("x-kubernetes-list-type: map", crd);
        Assert.Contains("x-kubernetes-list-map-keys:", crd);
        Assert.Contains("x-kubernetes-validations:", crd);
        foreach (var column in new[] { "Mode", "Namespaces", "Policies", "Ready", "Isolated", "Reason", "Age" })
        {
            Assert.Contains($"name: {column}\n", crd);
        }
    }

    [Fact]
    public void EveryPropertyOfTheSchema_HasADescription()
    {
        var crd = JsonNode.Parse(KubernetesJson.Serialize(CrdGenerator.Generate()))!;
        var missing = new List<string>();
        Walk(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject(), "", missing);
        Assert.Empty(missing);
    }

    private static void Walk(JsonObject schema, string path, List<string> missing)
    {
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            // metadata is the one exception: the API server refuses anything but its type there.
            if (property!["description"] is null && !(path.Length == 0 && name == "metadata"))
            {
                missing.Add(path + "." + name);
            }

            Walk(property.AsObject(), path + "." + name, missing);
        }

        if (schema["items"] is JsonObject items)
        {
            Walk(items, path + "[]", missing);
        }
    }

    [Fact]
    public async Task Crd_ReadsBackAsKubectlReadsIt_AsTheGeneratedObject()
    {
        var run = await CliRun.Of("crd");
        var (documents, problems) = TenantOperator.Manifests.ManifestReader.ReadBytes("crd.yaml", System.Text.Encoding.UTF8.GetBytes(run.Output));

        Assert.Empty(problems);
        var generated = JsonNode.Parse(KubernetesJson.Serialize(CrdGenerator.Generate()));
        Assert.True(Manifests.Read.SameJson(generated, documents.Single().Content), "kubectl would read `tenant-operator crd` as another object than the generated one");
    }
}

