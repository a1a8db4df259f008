using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using CsCheck;

namespace TenantOperator.TestSupport.PropertyTesting;

/// <summary>
/// Runs a property over generated cases. In <c>make test</c> the cases are fixed: case <c>i</c> of a test is drawn from
/// a seed derived from the test's name and <c>i</c>, so every run checks the same cases and a red run is never chance.
/// Random exploration with fresh seeds (and CsCheck's shrinking) runs apart, under <c>make fuzz</c>; see
/// <see cref="PropertyMode"/>. A failure names the seed of its case; <c>PROPERTY_SEED=&lt;seed&gt;</c> replays just that case.
/// Hand-built <c>examples</c> run first in every mode, so a situation a property must exercise is there by
/// construction, whatever the seeds draw.
/// </summary>
public static class PropertyRun
{
    /// <summary>Checks <paramref name="property"/> on <paramref name="iterations"/> cases of <paramref name="gen"/>.</summary>
    /// <param name="gen">The generator of cases.</param>
    /// <param name="property">Throws when the property does not hold for a case.</param>
    /// <param name="iterations">How many fixed cases <c>make test</c> checks (exploration multiplies it).</param>
    /// <param name="print">Renders a failing case for the message.</param>
    /// <param name="examples">Hand-built cases checked before the generated ones, in every mode.</param>
    /// <param name="file">The calling test's file (supplied by the compiler): part of the seed's derivation.</param>
    /// <param name="test">The calling test's name (supplied by the compiler): part of the seed's derivation.</param>
    public static void ForAll<T>(
        Gen<T> gen,
        Action<T> property,
        int iterations = 100,
        Func<T, string>? print = null,
        IEnumerable<T>? examples = null,
        [CallerFilePath] string file = "",
        [CallerMemberName] string test = "")
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(property);
        var mode = PropertyMode.FromEnvironment();
        CheckExamples(property, print, examples ?? []);
        if (mode.ReplaySeed is { } replay)
        {
            CheckCases(gen, property, print, [PCG.Parse(replay)], mode);
            return;
        }

        if (mode.Explore)
        {
            // CsCheck's own sampler: fresh seeds on every thread, shrinking, and the seed in its failure message.
            gen.Sample(property, iter: iterations * mode.ExploreScale, print: print);
            return;
        }

        var name = $"{Path.GetFileNameWithoutExtension(file)}.{test}";
        CheckCases(gen, property, print, FixedSeeds(name, iterations), mode);
    }

    /// <summary>Two-argument form of <see cref="ForAll{T}(Gen{T}, Action{T}, int, Func{T, string}?, IEnumerable{T}?, string, string)"/>.</summary>
    public static void ForAll<T1, T2>(
        Gen<(T1, T2)> gen,
        Action<T1, T2> property,
        int iterations = 100,
        Func<(T1, T2), string>? print = null,
        IEnumerable<(T1, T2)>? examples = null,
        [CallerFilePath] string file = "",
        [CallerMemberName] string test = "") =>
        ForAll(gen, t => property(t.Item1, t.Item2), iterations, print, examples, file, test);

    /// <summary>Three-argument form of <see cref="ForAll{T}(Gen{T}, Action{T}, int, Func{T, string}?, IEnumerable{T}?, string, string)"/>.</summary>
    public static void ForAll<T1, T2, T3>(
        Gen<(T1, T2, T3)> gen,
        Action<T1, T2, T3> property,
        int iterations = 100,
        Func<(T1, T2, T3), string>? print = null,
        IEnumerable<(T1, T2, T3)>? examples = null,
        [CallerFilePath] string file = "",
        [CallerMemberName] string test = "") =>
        ForAll(gen, t => property(t.Item1, t.Item2, t.Item3), iterations, print, examples, file, test);

    /// <summary>Four-argument form of <see cref="ForAll{T}(Gen{T}, Action{T}, int, Func{T, string}?, IEnumerable{T}?, string, string)"/>.</summary>
    public static void ForAll<T1, T2, T3, T4>(
        Gen<(T1, T2, T3, T4)> gen,
        Action<T1, T2, T3, T4> property,
        int iterations = 100,
        Func<(T1, T2, T3, T4), string>? print = null,
        IEnumerable<(T1, T2, T3, T4)>? examples = null,
        [CallerFilePath] string file = "",
        [CallerMemberName] string test = "") =>
        ForAll(gen, t => property(t.Item1, t.Item2, t.Item3, t.Item4), iterations, print, examples, file, test);

    /// <summary>
    /// The fixed seeds of a test: one PCG stream per case, all from one state derived from the test's name, so adding
    /// a test or a case leaves the other tests' cases as they were.
    /// </summary>
    internal static PCG[] FixedSeeds(string testName, int iterations)
    {
        var state = StableHash(testName);
        return [.. Enumerable.Range(0, iterations).Select(i => new PCG((uint)i, state))];
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes and runtimes, unlike string.GetHashCode.</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static void CheckExamples<T>(Action<T> property, Func<T, string>? print, IEnumerable<T> examples)
    {
        var index = 0;
        foreach (var example in examples)
        {
            try
            {
                property(example);
            }
#pragma warning disable CA1031 // any exception is the property failing; it is reported with its example
            catch (Exception error)
#pragma warning restore CA1031
            {
                var shown = print is null ? CsCheck.Check.Print(example) : print(example);
                throw new PropertyFailedException(
                    string.Create(CultureInfo.InvariantCulture, $"property failed on hand-built example {index}\n{error.GetType().Name}: {error.Message}\ncase:\n{shown}"),
                    error);
            }

            index++;
        }
    }

    private static void CheckCases<T>(Gen<T> gen, Action<T> property, Func<T, string>? print, PCG[] seeds, PropertyMode mode)
    {
        // Cases run in parallel (the set of cases, and so the verdict, does not depend on the order); the failure
        // reported is the one with the lowest index, so the message is the same on every run too.
        var failures = new ConcurrentBag<(int Index, string Seed, T Case, Exception Error)>();
        Parallel.For(0, seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = mode.Threads }, i =>
        {
            var seed = seeds[i].ToString();
            var value = gen.Generate(seeds[i], null, out _);
            try
            {
                property(value);
            }
#pragma warning disable CA1031 // any exception is the property failing; it is reported with its case below
            catch (Exception error)
#pragma warning restore CA1031
            {
                failures.Add((i, seed, value, error));
            }
        });

        if (failures.IsEmpty)
        {
            return;
        }

        var first = failures.MinBy(f => f.Index);
        var shown = print is null ? CsCheck.Check.Print(first.Case) : print(first.Case);
        throw new PropertyFailedException(
            string.Create(CultureInfo.InvariantCulture,
                $"property failed on {failures.Count} of {seeds.Length} fixed cases; first: case {first.Index}, seed {first.Seed}\n"
                + $"replay it: PROPERTY_SEED={first.Seed} dotnet test --filter <this test>\n"
                + $"{first.Error.GetType().Name}: {first.Error.Message}\ncase:\n{shown}"),
            first.Error);
    }
}
