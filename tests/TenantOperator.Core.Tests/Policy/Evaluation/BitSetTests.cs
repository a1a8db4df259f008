using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>The bitset and the block transpose the matrix relies on, against plain loops.</summary>
public class BitSetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void Transpose_EqualsTheNaiveTranspose(int n)
    {
        var random = new Random(n);
        var rows = new PodSet[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new PodSet(n);
            for (var j = 0; j < n; j++)
            {
                if (random.Next(3) == 0)
                {
                    rows[i].Add(j);
                }
            }
        }

        var transposed = BitMatrix.Transpose(rows, n);

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.True(rows[i].Contains(j) == transposed[j].Contains(i), $"cell ({i},{j})");
            }
        }
    }

    [Fact]
    public void AddRange_AndMembers_AgreeWithTheRange()
    {
        var set = new PodSet(300);
        set.AddRange(5, 200);
        set.AddRange(250, 300);

        Assert.Equal(Enumerable.Range(5, 195).Concat(Enumerable.Range(250, 50)), set.Members());
        Assert.Equal(245, set.Count);
        Assert.Equal(300, PodSet.Full(300).Count);
        Assert.True(new PodSet(70).IsEmpty);
    }
}
