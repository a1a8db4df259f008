using System.Globalization;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// Settings of the chaos soak, from its command line:
/// <c>soak [--short] [--constant-size] [--minutes N] [--seed N] [--markdown PATH]</c>. The defaults are issue 13's:
/// 30 minutes of faults with a fixed seed, two replicas with the operator's default leader-election timings.
/// <see cref="Short"/> is the one-minute variant <c>make test</c> runs; <see cref="ConstantSize"/> the leak check.
/// </summary>
public sealed record SoakOptions
{
    /// <summary>How long the faults last.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Seeds the schedule of faults and every choice the soak makes.</summary>
    public int Seed { get; init; } = 13;

    /// <summary>Operator replicas, with leader election.</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>The share of API requests that fail while the faults last, half with 500 and half with 429.</summary>
    public double FailureRate { get; init; } = 0.10;

    /// <summary>About how often the leader is killed with SIGKILL or its Lease deleted.</summary>
    public TimeSpan LeaderFaultEvery { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>About how often every open watch is dropped.</summary>
    public TimeSpan DropWatchesEvery { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>About how often the change history is compacted (resumed watches get 410).</summary>
    public TimeSpan CompactEvery { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>About how often a generated policy is edited or deleted by hand.</summary>
    public TimeSpan HandEditEvery { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>About how often a namespace is created, deleted or moved between tenants.</summary>
    public TimeSpan NamespaceChurnEvery { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>About how often a tenant's spec changes.</summary>
    public TimeSpan SpecChangeEvery { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>How many changes the calm tail makes, without faults, to count writes made against writes needed.</summary>
    public int CalmChanges { get; init; } = 8;

    /// <summary>The quiet time in the calm tail after its changes, long enough for a periodic resync to run.</summary>
    public TimeSpan CalmIdle { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>The replicas' lease duration (the operator's default).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The replicas' renew deadline (the operator's default).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The replicas' retry period (the operator's default).</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The replicas' periodic resync.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the cluster may take to reach the planned state once the faults stop, before the soak fails.</summary>
    public TimeSpan ConvergenceDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the soak samples the cluster (default-deny gaps, leaders).</summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The leak check: the cluster keeps its size (churn replaces a namespace by a new one of the same tenant, specs
    /// swap one egress port for another, hand edits and deletions are repaired; no foreign policy appears late), one
    /// replica leads throughout (no leader faults), and its heap is read after a forced full collection every
    /// <see cref="HeapEvery"/>. Request failures, dropped watches and compactions go on as in the full soak.
    /// </summary>
    public bool ConstantSize { get; init; }

    /// <summary>With <see cref="ConstantSize"/>: how often the heap is read after a full collection.</summary>
    public TimeSpan HeapEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>With <see cref="ConstantSize"/>: the reading the end is compared with, once the process has warmed up.</summary>
    public TimeSpan HeapBaselineAt { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where to write the results as a Markdown table, or null.</summary>
    public string? MarkdownPath { get; init; }

    /// <summary>
    /// The short variant: a minute of faults with fewer of them, shorter leases (4 s, renew deadline 3 s, retry 0.5 s)
    /// so that a failover fits, two calm changes and a 25 s resync.
    /// </summary>
    public static SoakOptions Short(int seed = 13) => new()
    {
        Seed = seed,
        Duration = TimeSpan.FromMinutes(1),
        LeaderFaultEvery = TimeSpan.FromSeconds(25),
        DropWatchesEvery = TimeSpan.FromSeconds(20),
        CompactEvery = TimeSpan.FromSeconds(30),
        HandEditEvery = TimeSpan.FromSeconds(8),
        NamespaceChurnEvery = TimeSpan.FromSeconds(6),
        SpecChangeEvery = TimeSpan.FromSeconds(15),
        CalmChanges = 2,
        CalmIdle = TimeSpan.FromSeconds(30),
        LeaseDuration = TimeSpan.FromSeconds(4),
        RenewDeadline = TimeSpan.FromSeconds(3),
        RetryPeriod = TimeSpan.FromMilliseconds(500),
        ResyncPeriod = TimeSpan.FromSeconds(25),
        ConvergenceDeadline = TimeSpan.FromMinutes(3),
    };

    /// <summary>Reads the options; an unknown flag or a bad value is an error naming it.</summary>
    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--short") ? Short() : new SoakOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{flag}: Invalid value: \"{args[i]}\": must be a whole number of at least {min}.");
            options = flag switch
            {
                "--short" => options,
                "--constant-size" => options with { ConstantSize = true, Replicas = 1, CalmChanges = 0, CalmIdle = TimeSpan.Zero },
                "--minutes" => options with { Duration = TimeSpan.FromMinutes(Number(1)) },
                "--seed" => options with { Seed = Number(0) },
                "--markdown" => options with { MarkdownPath = Value() },
                _ => throw new ArgumentException($"Unknown option \"{flag}\". Options: --short, --constant-size, --minutes N, --seed N, --markdown PATH."),
            };
        }

        return options;
    }
}
