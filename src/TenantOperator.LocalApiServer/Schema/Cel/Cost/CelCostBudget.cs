namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>What charging one evaluation to the budget allows.</summary>
internal enum CostCharge
{
    /// <summary>Within both limits: evaluate.</summary>
    Allowed,

    /// <summary>Over the per-call limit: the evaluation is cancelled and no further rule runs.</summary>
    CallLimitExceeded,

    /// <summary>Over what is left of the object's budget: no further rule runs.</summary>
    BudgetExhausted,
}

/// <summary>
/// The runtime cost limits of one object's CEL validation, as apiextensions' validator applies them
/// (pkg/apiserver/schema/cel/validation.go, v0.32): each evaluation may cost at most
/// <see cref="CelCostLimits.PerCallLimit"/> (cel-go cancels it past that), and all of an object's evaluations
/// together at most <see cref="CelCostLimits.RuntimeCelCostBudget"/>. Either way validation stops there. The cost
/// charged is the rule's cost estimated over the object's actual sizes (<see cref="ValueSizeEstimator"/>): cel-go
/// counts the evaluation as it runs, so it skips what short-circuits (the other side of <c>||</c>, the rest of an
/// <c>exists</c>), which this bound does not. One per object; not thread-safe.
/// </summary>
internal sealed class CelCostBudget
{
    public ulong Remaining { get; private set; } = CelCostLimits.RuntimeCelCostBudget;

    /// <summary>A limit was hit: no further rule may run for this object.</summary>
    public bool Stopped { get; private set; }

    public CostCharge Charge(ulong cost)
    {
        // cel-go cancels an evaluation as soon as its cost passes the limit; what it has spent by then is charged.
        var charged = cost > CelCostLimits.PerCallLimit ? CelCostLimits.PerCallLimit + 1 : cost;
        if (charged > Remaining)
        {
            Stopped = true;
            return CostCharge.BudgetExhausted;
        }

        Remaining -= charged;
        if (cost > CelCostLimits.PerCallLimit)
        {
            Stopped = true;
            return CostCharge.CallLimitExceeded;
        }

        return CostCharge.Allowed;
    }

    /// <summary>Nothing is left: a node with rules then stops validation before running them, as kube-apiserver does.</summary>
    public bool IsEmpty => Remaining == 0;

    public void Stop() => Stopped = true;
}
