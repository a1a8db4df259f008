namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// The writes that bring a tenant's policies to its plan, in an order that never cuts declared traffic, and the
/// planned names that someone else's policy already holds.
/// </summary>
public sealed record PolicyChangeSet(IReadOnlyList<PolicyWrite> Writes, IReadOnlyList<string> NamesTaken)
{
    /// <summary>True when nothing needs writing.</summary>
    public bool IsEmpty => Writes.Count == 0;

    /// <summary>How many writes of a kind.</summary>
    public int Count(PolicyWriteKind kind) => Writes.Count(w => w.Kind == kind);

    /// <summary>
    /// The writes grouped in phases; every write of a phase may run concurrently, a phase starts when the previous
    /// one is done: allow policies are created or updated, then default-deny policies are created or updated, then
    /// default-deny policies are deleted, then the other policies are deleted. So a namespace joining a tenant gets
    /// its allows before its deny, and one leaving loses its deny before its allows.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<PolicyWrite>> Phases()
    {
        static bool IsDeny(PolicyWrite w) => w.Name == Api.WellKnown.DefaultDenyPolicy;
        var phases = new[]
        {
            Writes.Where(w => w.Kind != PolicyWriteKind.Delete && !IsDeny(w)).ToList(),
            Writes.Where(w => w.Kind != PolicyWriteKind.Delete && IsDeny(w)).ToList(),
            Writes.Where(w => w.Kind == PolicyWriteKind.Delete && IsDeny(w)).ToList(),
            Writes.Where(w => w.Kind == PolicyWriteKind.Delete && !IsDeny(w)).ToList(),
        };
        return phases.Where(p => p.Count > 0).ToList();
    }
}
