using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>Runs every upstream e2e case against the evaluator: the fast path, the bulk matrix and the explained verdict must all give the table.</summary>
public class UpstreamTruthTableTests
{
    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var upstreamCase in UpstreamTruthTables.All)
        {
            names.Add(upstreamCase.Name);
        }

        return names;
    }

    [Fact]
    public void TheSuiteHoldsAtLeastFortyDistinctUpstreamCases()
    {
        var names = UpstreamTruthTables.All.Select(c => c.Name).ToArray();
        Assert.True(names.Length >= 40, $"only {names.Length} cases");
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(UpstreamTruthTables.All, c => Assert.NotEmpty(c.Steps));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void UpstreamCase_GivesItsTruthTable(string name)
    {
        var upstreamCase = UpstreamTruthTables.All.Single(c => c.Name == name);
        for (var step = 0; step < upstreamCase.Steps.Count; step++)
        {
            var probe = upstreamCase.Steps[step];
            var model = new UpstreamModel();
            foreach (var change in probe.Changes)
            {
                change(model);
            }

            var evaluator = NetworkPolicyEvaluator.Compile(model.Namespaces(), model.Pods(), model.Policies());
            var port = ProtocolPort.Parse(probe.Port);
            var expected = ReachabilityGrid.Parse(probe.Grid);
            Assert.Equal(UpstreamModel.AllPods, expected.Pods);

            var observed = ReachabilityGrid.Observe(evaluator, UpstreamModel.AllPods, port);
            AssertSameTable($"step {step + 1}, {port}, fast path", expected, observed);

            var matrix = evaluator.ComputeMatrix([port]);
            AssertSameTable($"step {step + 1}, {port}, matrix", expected, ReachabilityGrid.FromMatrix(matrix, UpstreamModel.AllPods, 0));

            foreach (var from in UpstreamModel.AllPods)
            {
                foreach (var to in UpstreamModel.AllPods)
                {
                    var verdict = evaluator.Evaluate(Endpoint.Parse(from), Endpoint.Parse(to), port);
                    var fast = observed.IsAllowed(UpstreamModel.AllPods.ToList().IndexOf(from), UpstreamModel.AllPods.ToList().IndexOf(to));
                    Assert.True(verdict.Allowed == fast, $"step {step + 1}, {port}: explained verdict differs from the fast path:\n{verdict}");
                }
            }
        }
    }

    private static void AssertSameTable(string what, ReachabilityGrid expected, ReachabilityGrid observed)
    {
        var differences = expected.Differences(observed);
        Assert.True(differences.Count == 0,
            $"{what}: {differences.Count} cell(s) differ:\n{string.Join("\n", differences)}\nexpected:\n{expected}observed:\n{observed}");
    }
}
