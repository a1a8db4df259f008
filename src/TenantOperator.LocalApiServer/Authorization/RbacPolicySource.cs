using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// Keeps an <see cref="RbacPolicy"/> in step with the store, as kube-apiserver's RBAC authorizer reads informer
/// caches: every change of a Role, ClusterRole or binding bumps a counter (under the store lock, so it is cheap);
/// the next reader rebuilds the view once.
/// </summary>
internal sealed class RbacPolicySource
{
    private static readonly HashSet<string> RbacKeys = new(StringComparer.Ordinal)
    {
        RbacPolicy.RolesKey, RbacPolicy.RoleBindingsKey, RbacPolicy.ClusterRolesKey, RbacPolicy.ClusterRoleBindingsKey,
    };

    private readonly ObjectStore _store;
    private readonly Lock _rebuild = new();
    private long _changes;
    private Built? _current;

    public RbacPolicySource(ObjectStore store)
    {
        _store = store;
        store.Changed += change =>
        {
            if (RbacKeys.Contains(change.Object.StorageKey))
            {
                Interlocked.Increment(ref _changes);
            }
        };
    }

    /// <summary>The policy as of now.</summary>
    public RbacPolicy Current
    {
        get
        {
            var version = Interlocked.Read(ref _changes);
            if (Volatile.Read(ref _current) is { } current && current.Version == version)
            {
                return current.Policy;
            }

            lock (_rebuild)
            {
                version = Interlocked.Read(ref _changes);
                if (_current is { } built && built.Version == version)
                {
                    return built.Policy;
                }

                // Read the counter before the store: a change during the load makes the next reader rebuild again.
                var policy = RbacPolicy.Load(_store);
                Volatile.Write(ref _current, new Built(version, policy));
                return policy;
            }
        }
    }

    private sealed record Built(long Version, RbacPolicy Policy);
}
