using System.Collections.Concurrent;
using CsCheck;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Core.Tests.TestSupport;

/// <summary>The deterministic property runner that every property test in <c>make test</c> goes through.</summary>
public class PropertyRunTests
{
    private static readonly Gen<long> Values = Gen.Long;

    private static List<long> Draw(string test, int iterations = 50, IEnumerable<long>? examples = null)
    {
        var seen = new ConcurrentBag<long>();
        PropertyRun.ForAll(Values, seen.Add, iterations, examples: examples, test: test);
        return [.. seen.Order()];
    }

    [Fact]
    public void ATest_ChecksTheSameCases_OnEveryRun()
    {
        Assert.Equal(Draw("SomeTest"), Draw("SomeTest"));
        Assert.Equal(50, Draw("SomeTest").Distinct().Count());
    }

    [Fact]
    public void TwoTests_CheckDifferentCases()
    {
        Assert.Empty(Draw("OneTest").Intersect(Draw("AnotherTest")));
    }

    [Fact]
    public void MoreIterations_KeepTheFirstCases()
    {
        Assert.Subset(Draw("GrowingTest", 80).ToHashSet(), Draw("GrowingTest", 40).ToHashSet());
    }

    [Fact]
    public void Examples_AreCheckedBeforeAnyGeneratedCase_AndWithNoIterations()
    {
        Assert.Equal([-7L, 3L], Draw("ExamplesOnly", iterations: 0, examples: [3L, -7L]));

        var order = new List<long>();
        PropertyRun.ForAll(Values, v => { lock (order) { order.Add(v); } }, iterations: 5, examples: [42L, 43L], test: "ExamplesFirst");
        Assert.Equal([42L, 43L], order.Take(2));
        Assert.Equal(7, order.Count);
    }

    [Fact]
    public void AFailure_NamesTheLowestFailingCaseAndItsSeed_WhichRegeneratesThatCase()
    {
        var cases = Draw("FailingTest", 60);
        var threshold = cases[cases.Count / 2]; // about half the cases fail

        var error = Assert.Throws<PropertyFailedException>(() =>
            PropertyRun.ForAll(Values, v => Assert.True(v < threshold), 60, v => $"value {v}", test: "FailingTest"));

        Assert.Contains($"property failed on {cases.Count(v => v >= threshold)} of 60 fixed cases", error.Message, StringComparison.Ordinal);
        var seed = System.Text.RegularExpressions.Regex.Match(error.Message, "seed (\\S+)").Groups[1].Value;
        var replayed = Values.Generate(PCG.Parse(seed), null, out _);
        Assert.True(replayed >= threshold);
        Assert.Contains($"value {replayed}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"PROPERTY_SEED={seed}", error.Message, StringComparison.Ordinal);

        // The cases before the one reported all pass: it is the first failure, whichever thread found it first.
        var first = int.Parse(System.Text.RegularExpressions.Regex.Match(error.Message, "first: case (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        PropertyRun.ForAll(Values, v => Assert.True(v < threshold), first, test: "FailingTest");
    }

    [Fact]
    public void AFailingExample_IsReportedAsTheExample()
    {
        var error = Assert.Throws<PropertyFailedException>(() =>
            PropertyRun.ForAll(Values, v => Assert.NotEqual(13L, v), 10, examples: [1L, 13L], test: "FailingExample"));

        Assert.StartsWith("property failed on hand-built example 1", error.Message, StringComparison.Ordinal);
    }
}
