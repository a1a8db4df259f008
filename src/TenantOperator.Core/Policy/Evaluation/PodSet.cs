using System.Numerics;
using System.Runtime.CompilerServices;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// A set of pod indexes as a bitset. Peer sets, selections and matrix rows are all PodSets, so that "is this pod a
/// peer of that rule" is one shift and one AND, and unions and intersections run 64 pods per instruction.
/// </summary>
internal sealed class PodSet
{
    private readonly ulong[] _words;

    public PodSet(int capacity)
    {
        Capacity = capacity;
        _words = new ulong[(capacity + 63) >> 6];
    }

    private PodSet(int capacity, ulong[] words)
    {
        Capacity = capacity;
        _words = words;
    }

    /// <summary>The number of pods the set ranges over (indexes 0 to Capacity - 1).</summary>
    public int Capacity { get; }

    /// <summary>The raw words, for block operations such as the matrix transpose.</summary>
    internal ulong[] Words => _words;

    public bool IsEmpty => Array.TrueForAll(_words, w => w == 0);

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in _words)
            {
                count += BitOperations.PopCount(word);
            }

            return count;
        }
    }

    public static PodSet Full(int capacity)
    {
        var set = new PodSet(capacity);
        set.AddRange(0, capacity);
        return set;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int index) => (_words[index >> 6] & (1UL << index)) != 0;

    public void Add(int index) => _words[index >> 6] |= 1UL << index;

    /// <summary>Adds the indexes from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public void AddRange(int start, int end)
    {
        for (var i = start; i < end;)
        {
            var bit = i & 63;
            var take = Math.Min(64 - bit, end - i);
            var mask = take == 64 ? ulong.MaxValue : ((1UL << take) - 1) << bit;
            _words[i >> 6] |= mask;
            i += take;
        }
    }

    public void UnionWith(PodSet other)
    {
        var mine = _words;
        var theirs = other._words;
        for (var i = 0; i < mine.Length; i++)
        {
            mine[i] |= theirs[i];
        }
    }

    public void IntersectWith(PodSet other)
    {
        var mine = _words;
        var theirs = other._words;
        for (var i = 0; i < mine.Length; i++)
        {
            mine[i] &= theirs[i];
        }
    }

    public void ExceptWith(PodSet other)
    {
        var mine = _words;
        var theirs = other._words;
        for (var i = 0; i < mine.Length; i++)
        {
            mine[i] &= ~theirs[i];
        }
    }

    /// <summary>Adds the members of both <paramref name="a"/> and <paramref name="b"/> (this |= a &amp; b), without a temporary set.</summary>
    public void UnionWithIntersectionOf(PodSet a, PodSet b)
    {
        var mine = _words;
        var left = a._words;
        var right = b._words;
        for (var i = 0; i < mine.Length; i++)
        {
            mine[i] |= left[i] & right[i];
        }
    }

    /// <summary>this |= a &amp; b &amp; c.</summary>
    public void UnionWithIntersectionOf(PodSet a, PodSet b, PodSet c)
    {
        var mine = _words;
        var first = a._words;
        var second = b._words;
        var third = c._words;
        for (var i = 0; i < mine.Length; i++)
        {
            mine[i] |= first[i] & second[i] & third[i];
        }
    }

    public void Clear() => Array.Clear(_words);

    public PodSet Clone() => new(Capacity, (ulong[])_words.Clone());

    public bool SetEquals(PodSet other) => _words.AsSpan().SequenceEqual(other._words);

    /// <summary>The indexes in the set, in increasing order.</summary>
    public IEnumerable<int> Members()
    {
        for (var w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                yield return (w << 6) + bit;
                word &= word - 1;
            }
        }
    }
}
