using CsCheck;
using k8s.Models;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Selectors;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Core.Tests.Policy.Planning;

public sealed class NamespaceLabelIndexTests
{
    private static readonly string[] Keys = ["tenant", "env", "tier"];
    private static readonly string[] Values = ["a", "b", "c"];

    [Fact]
    public void Select_MatchLabels_FindsOnlyTheNamespacesCarryingTheLabel()
    {
        var index = new NamespaceLabelIndex([Ns("a1", "tenant=a"), Ns("a2", "tenant=a,env=prod"), Ns("b1", "tenant=b"), Ns("none")]);

        var selected = index.Select(Compile(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tenant"] = "a" } }));

        Assert.Equal(["a1", "a2"], selected.Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Select_WithoutAnInRequirement_TestsEveryNamespace()
    {
        var index = new NamespaceLabelIndex([Ns("a1", "tenant=a"), Ns("b1", "tenant=b,env=prod"), Ns("none")]);
        var notA = Compile(new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "tenant", OperatorProperty = "NotIn", Values = ["a"] }] });

        Assert.Equal(["b1", "none"], index.Select(notA).Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["a1", "b1", "none"], index.Select(CompiledLabelSelector.Everything).Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Category", "Property")]
    public void Select_AgreesWithTheSelectorOnEveryNamespace()
    {
        var labels = Gen.Dictionary(Gen.OneOfConst(Keys), Gen.OneOfConst(Values))[0, 3];
        var requirement = Gen.Select(Gen.OneOfConst(Keys), Gen.OneOfConst("In", "NotIn", "Exists", "DoesNotExist"), Gen.OneOfConst(Values).Array[1, 3])
            .Select((key, op, values) => new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = op is "In" or "NotIn" ? values : null });
        var selector = Gen.Select(Gen.Dictionary(Gen.OneOfConst(Keys), Gen.OneOfConst(Values))[0, 2], requirement.List[0, 3])
            .Select((matchLabels, expressions) => new V1LabelSelector { MatchLabels = matchLabels, MatchExpressions = expressions });

        PropertyRun.ForAll(Gen.Select(labels.Array[0, 30], selector), (labelSets, v1) =>
        {
            var namespaces = labelSets.Select((l, i) => Ns($"ns-{i}", string.Join(",", l.Select(kv => $"{kv.Key}={kv.Value}")))).ToList();
            var compiled = Compile(v1);

            var expected = namespaces.Where(n => compiled.Matches(n.Labels)).Select(n => n.Name).Order(StringComparer.Ordinal);
            var actual = new NamespaceLabelIndex(namespaces).Select(compiled).Select(n => n.Name).Order(StringComparer.Ordinal);

            Assert.Equal(expected, actual);
        });
    }

    private static CompiledLabelSelector Compile(V1LabelSelector selector) => CompiledLabelSelector.Compile(selector);
}
