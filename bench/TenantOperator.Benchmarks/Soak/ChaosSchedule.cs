namespace TenantOperator.Benchmarks.Soak;

/// <summary>What the soak does to the cluster and the operator, and when.</summary>
public enum ChaosKind
{
    /// <summary>Kill the leader with SIGKILL, or delete its Lease.</summary>
    LeaderFault,

    /// <summary>Drop every open watch.</summary>
    DropWatches,

    /// <summary>Compact the change history, so that resumed watches get 410 Expired.</summary>
    Compact,

    /// <summary>Edit or delete a generated policy by hand.</summary>
    HandEdit,

    /// <summary>Create, delete or move a namespace between tenants.</summary>
    NamespaceChurn,

    /// <summary>Change a tenant's spec.</summary>
    SpecChange,

    /// <summary>A policy with the operator's labels, not the operator's, appears where no tenant has members.</summary>
    ForeignPolicy,
}

/// <summary>One step of the schedule: at <paramref name="At"/> after the faults begin, do <paramref name="Kind"/>.</summary>
public sealed record ChaosStep(TimeSpan At, ChaosKind Kind);

/// <summary>
/// The soak's schedule, drawn once from its seed: each kind of fault recurs at about its interval (each gap drawn
/// between half and one and a half of it), so the same seed replays the same schedule.
/// </summary>
public static class ChaosSchedule
{
    /// <summary>The steps for <paramref name="options"/>, in time order; at constant size, no leader faults and no late foreign policy.</summary>
    public static IReadOnlyList<ChaosStep> Plan(SoakOptions options, Random random)
    {
        var steps = options.ConstantSize ? [] : new List<ChaosStep> { new(options.Duration * 0.2, ChaosKind.ForeignPolicy) };
        foreach (var (kind, every) in new[]
        {
            (ChaosKind.LeaderFault, options.LeaderFaultEvery),
            (ChaosKind.DropWatches, options.DropWatchesEvery),
            (ChaosKind.Compact, options.CompactEvery),
            (ChaosKind.HandEdit, options.HandEditEvery),
            (ChaosKind.NamespaceChurn, options.NamespaceChurnEvery),
            (ChaosKind.SpecChange, options.SpecChangeEvery),
        })
        {
            if (options.ConstantSize && kind == ChaosKind.LeaderFault)
            {
                continue;
            }

            for (var at = every * (0.5 + random.NextDouble()); at < options.Duration; at += every * (0.5 + random.NextDouble()))
            {
                steps.Add(new ChaosStep(at, kind));
            }
        }

        return [.. steps.OrderBy(s => s.At).ThenBy(s => s.Kind)];
    }
}
