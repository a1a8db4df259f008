using System.Globalization;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;
using TenantOperator.LocalApiServer.Tests.Support;
using Xunit.Abstractions;

namespace TenantOperator.LocalApiServer.Tests.Schema.Cel;

/// <summary>
/// The CRD the project ships (config/crd/bases, generated from the C# types) within Kubernetes' CEL cost limits,
/// with every rule's estimate printed (<c>dotnet test --logger "console;verbosity=detailed"</c> shows them).
/// </summary>
public sealed class RepositoryCrdCostTests(ITestOutputHelper output)
{
    private const string CrdFile = "config/crd/bases/isolation.tenantoperator.io_tenantisolations.yaml";

    public static JsonObject RepositoryCrd() => YamlToJson.Convert(File.ReadAllText(RepositoryPaths.Of(CrdFile)))!.AsObject();

    [Fact]
    public void EveryRuleOfOurCrd_IsUnderTheRuleLimit_AndAllTogetherUnderTheCrdLimit()
    {
        var openApi = RepositoryCrd()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        var schema = StructuralSchema.Compile(openApi, "spec.versions[0].schema.openAPIV3Schema", out var errors);
        Assert.Empty(errors);

        output.WriteLine($"{"cost",12} = {"per call",8} x {"times",6}  rule");
        foreach (var rule in schema.RuleCosts)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rule.Cost,12:N0} = {rule.MaxCost,8:N0} x {rule.Cardinality,6:N0}  {rule.Path.Replace("spec.versions[0].schema.openAPIV3Schema.", "", StringComparison.Ordinal)}"));
        }

        var total = schema.RuleCosts.Aggregate(0UL, (sum, r) => sum + r.Cost);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total,12:N0}   total of {schema.RuleCosts.Count} rules"));

        Assert.NotEmpty(schema.RuleCosts);
        Assert.All(schema.RuleCosts, rule => Assert.True(rule.Cost <= CelCostLimits.StaticEstimatedCostLimit, $"{rule.Path} costs {rule.Cost}"));
        Assert.True(total <= CelCostLimits.StaticEstimatedCrdCostLimit, $"the rules together cost {total}");
        // Every list above a rule has maxItems: no rule is multiplied by what a 3 MiB request could hold.
        Assert.DoesNotContain(schema.RuleCosts, rule => rule.CardinalityFromRequestSize);
        // At run time an object never costs more than these estimates (no rule reads map keys, the one size the
        // static estimate does not bound), so even the largest TenantIsolation stays within the 10^7 budget
        // kube-apiserver gives one object's rules.
        Assert.True(total <= CelCostLimits.RuntimeCelCostBudget, $"the rules together cost {total}");
    }
}
