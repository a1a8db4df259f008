using System.Collections;
using System.Text;
using Cel;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>
/// The parts of Kubernetes' CEL environment that CRD rules commonly use and the Cel package does not provide:
/// the string extensions (<c>lowerAscii</c>, <c>upperAscii</c>, <c>indexOf</c>, <c>lastIndexOf</c>, <c>replace</c>,
/// <c>split</c>, <c>substring</c>, <c>trim</c>, <c>charAt</c>, <c>join</c>), the list library (<c>isSorted</c>,
/// <c>sum</c>, <c>min</c>, <c>max</c>, <c>indexOf</c>, <c>lastIndexOf</c>), the regex library (<c>find</c>,
/// <c>findAll</c>) and an RE2-compatible <c>matches</c>. Functions of the other Kubernetes libraries (url, ip,
/// cidr, quantity, semver, sets, optionals, format) are not provided; rules that call them are accepted but not
/// evaluated (see <see cref="CelRuleCompiler"/>).
/// </summary>
internal static class KubernetesCelLibrary
{
    /// <summary>Every function and macro a rule may call here: the Cel package's built-ins plus those registered below.</summary>
    public static readonly HashSet<string> KnownFunctions = new(StringComparer.Ordinal)
    {
        // CEL standard macros and functions provided by the Cel package.
        "has", "all", "exists", "exists_one", "map", "filter", "size", "int", "uint", "double", "string", "bytes", "bool",
        "type", "dyn", "duration", "timestamp", "matches", "contains", "startsWith", "endsWith",
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHours", "getMinutes",
        "getSeconds", "getMilliseconds",
        // Registered by this library.
        "lowerAscii", "upperAscii", "indexOf", "lastIndexOf", "replace", "split", "substring", "trim", "charAt", "join",
        "isSorted", "sum", "min", "max", "find", "findAll",
    };

    public static CelEnvironment CreateEnvironment()
    {
        var env = new CelEnvironment(null, null);
        env.RegisterFunction("matches", [typeof(string), typeof(string)], a => Regex(a[1]).IsMatch((string)a[0]!));
        env.RegisterFunction("find", [typeof(string), typeof(string)], a => Regex(a[1]).Match((string)a[0]!) is { Success: true } m ? m.Value : "");
        env.RegisterFunction("findAll", [typeof(string), typeof(string)], a => Regex(a[1]).Matches((string)a[0]!).Select(m => (object?)m.Value).ToList());
        env.RegisterFunction("findAll", [typeof(string), typeof(string), typeof(long)], a =>
            Regex(a[1]).Matches((string)a[0]!).Select(m => (object?)m.Value).Take(a[2] is long n && n >= 0 ? (int)n : int.MaxValue).ToList());
        env.RegisterFunction("lowerAscii", [typeof(string)], a => MapAscii((string)a[0]!, lower: true));
        env.RegisterFunction("upperAscii", [typeof(string)], a => MapAscii((string)a[0]!, lower: false));
        env.RegisterFunction("trim", [typeof(string)], a => ((string)a[0]!).Trim());
        env.RegisterFunction("charAt", [typeof(string), typeof(long)], a => CharAt((string)a[0]!, (long)a[1]!));
        env.RegisterFunction("indexOf", [typeof(string), typeof(string)], a => (long)IndexOf((string)a[0]!, (string)a[1]!, 0));
        env.RegisterFunction("indexOf", [typeof(string), typeof(string), typeof(long)], a => (long)IndexOf((string)a[0]!, (string)a[1]!, (int)(long)a[2]!));
        env.RegisterFunction("lastIndexOf", [typeof(string), typeof(string)], a => (long)LastIndexOf((string)a[0]!, (string)a[1]!));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], a => ((string)a[0]!).Replace((string)a[1]!, (string)a[2]!, StringComparison.Ordinal));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string), typeof(long)], a => Replace((string)a[0]!, (string)a[1]!, (string)a[2]!, (long)a[3]!));
        env.RegisterFunction("split", [typeof(string), typeof(string)], a => ((string)a[0]!).Split((string)a[1]!).Select(s => (object?)s).ToList());
        env.RegisterFunction("split", [typeof(string), typeof(string), typeof(long)], a => Split((string)a[0]!, (string)a[1]!, (long)a[2]!));
        env.RegisterFunction("substring", [typeof(string), typeof(long)], a => Substring((string)a[0]!, (long)a[1]!, null));
        env.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], a => Substring((string)a[0]!, (long)a[1]!, (long)a[2]!));
        env.RegisterFunction("join", [typeof(IList)], a => string.Concat(Strings((IList)a[0]!)));
        env.RegisterFunction("join", [typeof(IList), typeof(string)], a => string.Join((string)a[1]!, Strings((IList)a[0]!)));
        env.RegisterFunction("isSorted", [typeof(IList)], a => IsSorted((IList)a[0]!));
        env.RegisterFunction("sum", [typeof(IList)], a => Sum((IList)a[0]!));
        env.RegisterFunction("min", [typeof(IList)], a => Extreme((IList)a[0]!, "min", wantMax: false));
        env.RegisterFunction("max", [typeof(IList)], a => Extreme((IList)a[0]!, "max", wantMax: true));
        env.RegisterFunction("indexOf", [typeof(IList), typeof(object)], a => (long)ListIndexOf((IList)a[0]!, a[1], last: false));
        env.RegisterFunction("lastIndexOf", [typeof(IList), typeof(object)], a => (long)ListIndexOf((IList)a[0]!, a[1], last: true));
        return env;
    }

    private static System.Text.RegularExpressions.Regex Regex(object? pattern) =>
        GoRegex.TryCompile((string)pattern!, out var regex, out var error) ? regex! : throw new CelEvaluationException(error ?? "invalid regex");

    private static string MapAscii(string text, bool lower)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c < 128 ? (lower ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c);
        }
        return builder.ToString();
    }

    private static Rune[] Runes(string text) => [.. text.EnumerateRunes()];

    private static string CharAt(string text, long index)
    {
        var runes = Runes(text);
        if (index < 0 || index > runes.Length)
        {
            throw new CelEvaluationException($"index out of range: {index}");
        }
        return index == runes.Length ? "" : runes[index].ToString();
    }

    // Indices in CEL strings count code points.
    private static int IndexOf(string text, string search, int start)
    {
        var runes = Runes(text);
        var needle = Runes(search);
        if (start < 0 || start > runes.Length)
        {
            throw new CelEvaluationException($"index out of range: {start}");
        }
        for (var i = start; i + needle.Length <= runes.Length; i++)
        {
            if (runes.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        return -1;
    }

    private static int LastIndexOf(string text, string search)
    {
        var runes = Runes(text);
        var needle = Runes(search);
        for (var i = runes.Length - needle.Length; i >= 0; i--)
        {
            if (runes.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Replace(string text, string search, string replacement, long limit)
    {
        if (limit < 0)
        {
            return text.Replace(search, replacement, StringComparison.Ordinal);
        }
        var builder = new StringBuilder();
        var position = 0;
        for (var n = 0; n < limit; n++)
        {
            var found = text.IndexOf(search, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }
            builder.Append(text, position, found - position).Append(replacement);
            position = found + search.Length;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static List<object?> Split(string text, string separator, long limit)
    {
        if (limit == 0)
        {
            return [];
        }
        var parts = limit < 0 ? text.Split(separator) : text.Split(separator, (int)limit);
        return [.. parts.Select(p => (object?)p)];
    }

    private static string Substring(string text, long start, long? end)
    {
        var runes = Runes(text);
        var stop = end ?? runes.Length;
        if (start < 0 || start > runes.Length || stop < start || stop > runes.Length)
        {
            throw new CelEvaluationException($"index out of range: {(start < 0 || start > runes.Length ? start : stop)}");
        }
        return string.Concat(runes.Skip((int)start).Take((int)(stop - start)).Select(r => r.ToString()));
    }

    private static IEnumerable<string> Strings(IList list) =>
        list.Cast<object?>().Select(item => item as string ?? throw new CelEvaluationException("join: list must contain only strings"));

    private static bool IsSorted(IList list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            if (Compare(list[i - 1], list[i]) > 0)
            {
                return false;
            }
        }
        return true;
    }

    private static object Sum(IList list)
    {
        if (list.Count == 0)
        {
            return 0L;
        }
        if (list.Cast<object?>().All(x => x is long))
        {
            return list.Cast<object?>().Aggregate(0L, (total, x) => checked(total + (long)x!));
        }
        if (list.Cast<object?>().All(x => x is double))
        {
            return list.Cast<object?>().Sum(x => (double)x!);
        }
        throw new CelEvaluationException("no such overload: sum");
    }

    private static object? Extreme(IList list, string name, bool wantMax)
    {
        if (list.Count == 0)
        {
            throw new CelEvaluationException($"{name} called on empty list");
        }
        var best = list[0];
        foreach (var item in list)
        {
            var comparison = Compare(item, best);
            if (wantMax ? comparison > 0 : comparison < 0)
            {
                best = item;
            }
        }
        return best;
    }

    private static int ListIndexOf(IList list, object? value, bool last)
    {
        var indices = Enumerable.Range(0, list.Count);
        foreach (var i in last ? indices.Reverse() : indices)
        {
            if (Equals(list[i], value) || (list[i] is IComparable && Compare(list[i], value) == 0))
            {
                return i;
            }
        }
        return -1;
    }

    private static int Compare(object? left, object? right) => (left, right) switch
    {
        (long l, long r) => l.CompareTo(r),
        (double l, double r) => l.CompareTo(r),
        (long l, double r) => ((double)l).CompareTo(r),
        (double l, long r) => l.CompareTo(r),
        (ulong l, ulong r) => l.CompareTo(r),
        (string l, string r) => string.CompareOrdinal(l, r),
        (bool l, bool r) => l.CompareTo(r),
        (DateTimeOffset l, DateTimeOffset r) => l.CompareTo(r),
        _ => throw new CelEvaluationException("no such overload: values are not comparable"),
    };
}
