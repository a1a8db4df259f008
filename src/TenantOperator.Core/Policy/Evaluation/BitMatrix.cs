namespace TenantOperator.Policy.Evaluation;

/// <summary>Square bit matrices stored as one <see cref="PodSet"/> per row.</summary>
internal static class BitMatrix
{
    /// <summary>
    /// Returns the transpose of <paramref name="rows"/> (an n×n matrix): result[j] contains i exactly when rows[i]
    /// contains j. Works on 64×64 blocks, so the cost is n²/64 word operations rather than n² bit tests.
    /// </summary>
    public static PodSet[] Transpose(PodSet[] rows, int n)
    {
        var result = new PodSet[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = new PodSet(n);
        }

        var blocks = (n + 63) >> 6;
        Span<ulong> block = stackalloc ulong[64];
        for (var rowBlock = 0; rowBlock < blocks; rowBlock++)
        {
            for (var columnBlock = 0; columnBlock < blocks; columnBlock++)
            {
                var any = 0UL;
                for (var k = 0; k < 64; k++)
                {
                    var row = (rowBlock << 6) + k;
                    block[k] = row < n ? rows[row].Words[columnBlock] : 0;
                    any |= block[k];
                }

                if (any == 0)
                {
                    continue;
                }

                Transpose64(block);
                for (var k = 0; k < 64; k++)
                {
                    var row = (columnBlock << 6) + k;
                    if (row < n)
                    {
                        result[row].Words[rowBlock] = block[k];
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Transposes a 64×64 bit block in place; word k holds row k, bit j (1UL &lt;&lt; j) is column j.</summary>
    internal static void Transpose64(Span<ulong> a)
    {
        // Swap ever smaller off-diagonal sub-blocks: 32×32, then 16×16, ... 1×1 (the classic recursive transpose).
        var mask = 0x00000000FFFFFFFFUL;
        for (var width = 32; width != 0; width >>= 1, mask ^= mask << width)
        {
            for (var k = 0; k < 64; k = ((k | width) + 1) & ~width)
            {
                var swap = ((a[k] >> width) ^ a[k | width]) & mask;
                a[k] ^= swap << width;
                a[k | width] ^= swap;
            }
        }
    }
}
