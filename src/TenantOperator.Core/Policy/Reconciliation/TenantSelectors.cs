using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Each tenant's compiled namespaceSelector, compiled once per generation: the event rules ask for every tenant's
/// selector on every namespace change. Safe to share between threads.
/// </summary>
public sealed class TenantSelectors
{
    private readonly Dictionary<string, (long? Generation, CompiledLabelSelector? Selector)> _compiled = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True when the tenant names <paramref name="ns"/> in <c>namespaces:</c> or its selector matches its labels.</summary>
    public bool Selects(TenantIsolation tenant, NamespaceInfo ns) =>
        (tenant.Spec.Namespaces ?? []).Contains(ns.Name) || (SelectorOf(tenant)?.Matches(ns.Labels) ?? false);

    /// <summary>The tenant's compiled namespaceSelector; null when it has none or it is invalid (it then selects nothing).</summary>
    public CompiledLabelSelector? SelectorOf(TenantIsolation tenant)
    {
        var key = $"{tenant.Metadata.Name}/{tenant.Metadata.Uid}";
        lock (_lock)
        {
            if (_compiled.TryGetValue(key, out var cached) && cached.Generation == tenant.Metadata.Generation && cached.Generation is not null)
            {
                return cached.Selector;
            }

            var compiled = Compile(tenant);
            _compiled[key] = (tenant.Metadata.Generation, compiled);
            return compiled;
        }
    }

    /// <summary>
    /// Compiles without the cache (for a tenant's old and new versions, which would only thrash it). An invalid
    /// selector compiles to null and selects nothing; validation reports it in the tenant's status.
    /// </summary>
    public static CompiledLabelSelector? Compile(TenantIsolation? tenant) =>
        tenant?.Spec.NamespaceSelector is { } selector ? CompiledLabelSelector.TryCompile(selector.ToV1()!) : null;
}
