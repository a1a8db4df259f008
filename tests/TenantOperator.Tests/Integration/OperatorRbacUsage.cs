using System.Collections.Concurrent;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// What authorization decided for the operator's ServiceAccount across the whole integration suite: every cluster
/// adds its server's record when it is disposed, and <see cref="RbacCoverageTests"/> reads the total once every
/// other test has run.
/// </summary>
internal static class OperatorRbacUsage
{
    private static readonly ConcurrentDictionary<RuleUse, byte> Uses = new();
    private static readonly ConcurrentQueue<AccessDenial> AllDenials = new();
    private static int _clusters;

    /// <summary>How many operator test clusters reported.</summary>
    public static int Clusters => Volatile.Read(ref _clusters);

    /// <summary>The distinct rule uses of the operator, over every cluster.</summary>
    public static IReadOnlyCollection<RuleUse> RuleUses => [.. Uses.Keys];

    /// <summary>The operator's forbidden requests, over every cluster.</summary>
    public static IReadOnlyList<AccessDenial> Denials => [.. AllDenials];

    public static void Record(string operatorUser, AuthorizationLog log)
    {
        foreach (var use in log.RuleUses.Where(u => u.User == operatorUser))
        {
            Uses.TryAdd(use with { User = string.Empty }, 0);
        }

        foreach (var denial in log.Denials.Where(d => d.User == operatorUser))
        {
            AllDenials.Enqueue(denial);
        }

        Interlocked.Increment(ref _clusters);
    }
}
