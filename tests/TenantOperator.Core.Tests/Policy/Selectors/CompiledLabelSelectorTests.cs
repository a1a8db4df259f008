using k8s.Models;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Core.Tests.Policy.Selectors;

public class CompiledLabelSelectorTests
{
    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private static V1LabelSelectorRequirement Expr(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    [Fact]
    public void EmptySelector_MatchesEverything_IncludingNoLabels()
    {
        var selector = CompiledLabelSelector.Compile(new V1LabelSelector());
        Assert.True(selector.MatchesEverything);
        Assert.True(selector.Matches(null));
        Assert.True(selector.Matches(Labels(("a", "b"))));
    }

    [Fact]
    public void MatchLabelsAndExpressions_CombineWithAnd()
    {
        var selector = CompiledLabelSelector.Compile(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions = [Expr("tier", "In", "front", "edge")],
        });

        Assert.True(selector.Matches(Labels(("app", "web"), ("tier", "edge"))));
        Assert.False(selector.Matches(Labels(("app", "web"), ("tier", "back"))));
        Assert.False(selector.Matches(Labels(("app", "api"), ("tier", "edge"))));
        Assert.False(selector.Matches(Labels(("app", "web"))));
    }

    [Theory]
    [InlineData("NotIn", "x", true)]   // missing key matches NotIn
    [InlineData("Exists", "", false)]
    [InlineData("DoesNotExist", "", true)]
    public void Operators_OnMissingKey(string op, string value, bool expected)
    {
        var values = value.Length == 0 ? [] : new[] { value };
        var selector = CompiledLabelSelector.Compile(new V1LabelSelector { MatchExpressions = [Expr("k", op, values)] });
        Assert.Equal(expected, selector.Matches(Labels(("other", "v"))));
    }

    [Fact]
    public void NotIn_RejectsListedValue_AcceptsOthers()
    {
        var selector = CompiledLabelSelector.Compile(new V1LabelSelector { MatchExpressions = [Expr("env", "NotIn", "prod")] });
        Assert.False(selector.Matches(Labels(("env", "prod"))));
        Assert.True(selector.Matches(Labels(("env", "dev"))));
    }

    [Theory]
    [InlineData("Has", new string[0], "matchExpressions[0].operator: Unsupported value: \"Has\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"")]
    [InlineData("In", new string[0], "matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData("Exists", new[] { "x" }, "matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")]
    public void InvalidExpressions_AreRefusedWithTheField(string op, string[] values, string message)
    {
        var ex = Assert.Throws<InvalidLabelSelectorException>(() =>
            CompiledLabelSelector.Compile(new V1LabelSelector { MatchExpressions = [Expr("k", op, values)] }));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void ToString_IsTheKubectlForm_InKeyOrder()
    {
        var selector = CompiledLabelSelector.Compile(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["b"] = "1" },
            MatchExpressions = [Expr("a", "In", "y", "x"), Expr("c", "Exists"), Expr("d", "DoesNotExist"), Expr("e", "NotIn", "z")],
        });
        Assert.Equal("a in (x,y),b=1,c,!d,e notin (z)", selector.ToString());
    }
}
