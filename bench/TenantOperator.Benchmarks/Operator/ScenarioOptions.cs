using System.Globalization;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// Settings of the operator scenario, from its command line:
/// <c>operator [--tenants N] [--namespaces-per-tenant N] [--write-qps Q] [--sequential N] [--sequential-interval-ms MS] [--burst N] [--resync-period S] [--markdown PATH]</c>,
/// or <c>operator --compare-authorization [--rounds N] [--tenants N] [--namespaces-per-tenant N] [--write-qps Q] [--markdown PATH]</c>,
/// and for the joins scenario also <c>[--large-tenants 10,100,1000,5000] [--joins N]</c>.
/// </summary>
public sealed record ScenarioOptions
{
    /// <summary>Tenants, shared-services included (issue 5: 1,000).</summary>
    public int Tenants { get; init; } = 1_000;

    /// <summary>Member namespaces per tenant (issue 5: 10).</summary>
    public int NamespacesPerTenant { get; init; } = 10;

    /// <summary>The operator's client-side write budget (issue 5: 100 QPS, the default).</summary>
    public double WriteQps { get; init; } = 100;

    /// <summary>Namespaces created one after another, each waited for, for the isolation latency.</summary>
    public int SequentialNamespaces { get; init; } = 200;

    /// <summary>
    /// The least time between the starts of two paced sequential creations: slow enough that the write budget is not
    /// what the latency measures (each creation needs about 8 writes: its policies, a status, an event). A second
    /// sequence runs back to back.
    /// </summary>
    public TimeSpan SequentialInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Namespaces created at once.</summary>
    public int BurstNamespaces { get; init; } = 100;

    /// <summary>The resync period of the restarted operator, whose first periodic pass is measured.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The sizes of the large tenants of the joins scenario, one tenant each (none in the operator scenario).</summary>
    public IReadOnlyList<int> LargeTenantSizes { get; init; } = [];

    /// <summary>Namespaces joining each large tenant one at a time, in the joins scenario.</summary>
    public int JoinsPerTenant { get; init; } = 20;

    /// <summary>Where to write the results as a Markdown table, or null.</summary>
    public string? MarkdownPath { get; init; }

    /// <summary>
    /// Instead of the phases: cold start and restart with the server's authorization on (RBAC, the operator as its
    /// ServiceAccount) and off (AlwaysAllow), alternating, <see cref="Rounds"/> times each, on fresh clusters.
    /// </summary>
    public bool CompareAuthorization { get; init; }

    /// <summary>With <see cref="CompareAuthorization"/>: how many clusters each mode gets.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Reads the options; an unknown flag or a bad value is an error naming it.</summary>
    public static ScenarioOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ScenarioOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            int Count(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{flag}: Invalid value: \"{args[i]}\": must be a whole number of at least {min}.");
            options = flag switch
            {
                "--tenants" => options with { Tenants = Count(2) },
                "--namespaces-per-tenant" => options with { NamespacesPerTenant = Count(1) },
                "--write-qps" => options with
                {
                    WriteQps = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q > 0
                        ? q
                        : throw new ArgumentException($"--write-qps: Invalid value: \"{args[i]}\": must be a positive number."),
                },
                "--sequential" => options with { SequentialNamespaces = Count(1) },
                "--sequential-interval-ms" => options with { SequentialInterval = TimeSpan.FromMilliseconds(Count(0)) },
                "--burst" => options with { BurstNamespaces = Count(1) },
                "--resync-period" => options with { ResyncPeriod = TimeSpan.FromSeconds(Count(1)) },
                "--markdown" => options with { MarkdownPath = Value() },
                "--large-tenants" => options with { LargeTenantSizes = Sizes(flag, Value()) },
                "--joins" => options with { JoinsPerTenant = Count(1) },
                "--compare-authorization" => options with { CompareAuthorization = true },
                "--rounds" => options with { Rounds = Count(1) },
                _ => throw new ArgumentException($"Unknown option \"{flag}\". Options: --tenants N, --namespaces-per-tenant N, --write-qps Q, --sequential N, --sequential-interval-ms MS, --burst N, --resync-period SECONDS, --markdown PATH, --compare-authorization, --rounds N, --large-tenants N,N,…, --joins N."),
            };
        }

        return options;
    }

    private static List<int> Sizes(string flag, string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(','))
        {
            sizes.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 9_999
                ? n
                : throw new ArgumentException($"{flag}: Invalid value: \"{text}\": must be sizes from 1 to 9999, separated by commas."));
        }

        return sizes.Distinct().Order().ToList();
    }
}
