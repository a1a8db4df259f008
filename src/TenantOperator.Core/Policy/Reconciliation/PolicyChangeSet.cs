namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// The writes that bring a tenant's policies to its plan, in an order that never cuts declared traffic, and the
/// planned names that a policy the tenant does not own already holds.
/// </summary>
public sealed record PolicyChangeSet(IReadOnlyList<PolicyWrite> Writes, IReadOnlyList<string> NamesTaken)
{
    /// <summary>The uid of the tenant these writes are for: the applier changes or deletes only policies it owns.</summary>
    public string? OwnerUid { get; init; }

    /// <summary>
    /// Policies (<c>namespace/name</c>) that carry our managed-by label and concern this tenant (its tenant label, or a
    /// planned name) but that it does not own: reported, never changed.
    /// </summary>
    public IReadOnlyList<string> Unowned { get; init; } = [];

    /// <summary>
    /// Planned names held by another TenantIsolation's policies, as while a namespace moves between tenants: that
    /// tenant, or the garbage collector, removes them, and this tenant can then create its own.
    /// </summary>
    public IReadOnlyList<string> HeldByOtherTenants { get; init; } = [];

    /// <summary>No writes and no names taken.</summary>
    public static PolicyChangeSet None { get; } = new([], []);

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
