namespace TenantOperator.TestSupport.PropertyTesting;

/// <summary>
/// How <see cref="PropertyRun"/> chooses its cases, from the environment:
/// <list type="bullet">
/// <item>nothing set (<c>make test</c>): the fixed cases;</item>
/// <item><c>PROPERTY_SEED=&lt;seed&gt;</c>: only the case of that seed (as a failure message prints it);</item>
/// <item><c>PROPERTY_EXPLORE=1</c> (<c>make fuzz</c>): fresh random seeds, <c>PROPERTY_EXPLORE_SCALE</c> (default 10)
/// times as many cases, with CsCheck's shrinking; a failure prints the seed to replay.</item>
/// </list>
/// </summary>
public sealed record PropertyMode(bool Explore, int ExploreScale, string? ReplaySeed, int Threads)
{
    /// <summary>Reads the mode from the process environment.</summary>
    public static PropertyMode FromEnvironment()
    {
        var explore = Environment.GetEnvironmentVariable("PROPERTY_EXPLORE") is "1" or "true";
        var scale = int.TryParse(Environment.GetEnvironmentVariable("PROPERTY_EXPLORE_SCALE"), out var s) && s > 0 ? s : 10;
        var seed = Environment.GetEnvironmentVariable("PROPERTY_SEED");
        return new PropertyMode(explore, scale, string.IsNullOrWhiteSpace(seed) ? null : seed.Trim(), Environment.ProcessorCount);
    }
}
