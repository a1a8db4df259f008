using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.Api;
using TenantOperator.Policy;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Controller;

/// <summary>
/// The operator's view of the cluster: informers for TenantIsolations, Namespaces and NetworkPolicies, with the
/// indexes the reconciler reads (policies by tenant label and by namespace). Reconciles read only from here, never
/// with a GET. <see cref="PlanningVersion"/> moves whenever something the planner reads changes. <see cref="Unhealthy"/>
/// says which caches cannot be trusted now (see <see cref="InformerHealth"/>).
/// </summary>
public sealed class ClusterCaches
{
    private const string ByTenant = "tenant";
    private const string ByNamespace = "namespace";
    private const string ByTenantMark = "tenant-mark";
    private const string ByNamespaceSelectingPeer = "namespace-selecting-peer";
    private const string HandWritten = "hand-written";
    private readonly ConcurrentDictionary<string, NamespaceInfo> _namespaceInfos = new(StringComparer.Ordinal);
    private long _planningVersion;
    private long _namespacesVersion;
    private volatile bool _anyTenantSelectsByMarks;

    public ClusterCaches(IKubernetes client, RuntimeMetrics metrics, TimeProvider time, ILoggerFactory loggers, InformerOptions? informerOptions = null)
    {
        Tenants = new ResourceInformer<TenantIsolation>(
            KubernetesListWatchSources.ClusterCustomResources<TenantIsolation>(client), informerOptions, time,
            loggers.CreateLogger("informer.tenantisolations"), metrics.Informers);
        Namespaces = new ResourceInformer<V1Namespace>(
            new TransformingListWatchSource<V1Namespace>(KubernetesListWatchSources.Namespaces(client), WithoutSpec),
            informerOptions, time, loggers.CreateLogger("informer.namespaces"), metrics.Informers);
        var namespaces = Namespaces;
        SharedParts = new SharedPolicyParts(ns => namespaces.Cache.Get(null, ns)?.Metadata.Name);
        Policies = new ResourceInformer<V1NetworkPolicy>(
            new TransformingListWatchSource<V1NetworkPolicy>(KubernetesListWatchSources.NetworkPolicies(client), SharedParts.Share),
            informerOptions, time, loggers.CreateLogger("informer.networkpolicies"), metrics.Informers);
        Tenants.HealthChanged += _ => HealthChanged?.Invoke();
        Namespaces.HealthChanged += _ => HealthChanged?.Invoke();
        Policies.HealthChanged += _ => HealthChanged?.Invoke();
        Policies.Cache.AddIndex(ByTenant, p => PolicyComparer.TenantOf(p) is { } tenant ? [tenant] : []);
        Policies.Cache.AddIndex(ByNamespace, p => [p.Metadata.NamespaceProperty]);
        Policies.Cache.AddIndex(ByNamespaceSelectingPeer, p => !PolicyComparer.IsManaged(p) && HasNamespaceSelectingPeer(p) ? [HandWritten] : []);
        Namespaces.Cache.AddIndex(ByTenantMark, ns => ns.Metadata.Labels?.TryGetValue(WellKnown.TenantLabel, out var tenant) == true ? [tenant] : []);

        // Whether any tenant selects by the operator's marks is kept as tenants change (rarely), not asked of every
        // tenant on each of a cold start's 10,000 mark patches.
        Tenants.AddHandler(new ResourceEventHandler<TenantIsolation>(
            _ => TenantsChanged(),
            (old, current) =>
            {
                if (TenantEventRules.PlanningInputChanged(old, current))
                {
                    TenantsChanged();
                }
            },
            _ => TenantsChanged()));

        // Each namespace's planner view is kept as its namespace changes, so planning reads them instead of
        // converting all 10,000 again; it is stored before the version moves, so a plan at a version sees it.
        Namespaces.AddHandler(new ResourceEventHandler<V1Namespace>(
            ns => { Remember(ns); Bump(); },
            (old, current) =>
            {
                Remember(current);
                if (!TenantEventRules.PlanningInputChanged(old, current))
                {
                    return;
                }

                // The operator's own marks change no plan unless a tenant selects by them; re-planning 10,000
                // namespaces for each of a cold start's 10,000 marks was most of its memory (docs/PERFORMANCE.md).
                if (TenantEventRules.OnlyMarksChanged(old, current) && !_anyTenantSelectsByMarks)
                {
                    Interlocked.Increment(ref _namespacesVersion);
                }
                else
                {
                    Bump();
                }
            },
            ns => { _namespaceInfos.TryRemove(ns.Metadata.Name, out _); Bump(); }));
    }

    /// <summary>The parts the cached NetworkPolicies share; plans may share them too.</summary>
    public SharedPolicyParts SharedParts { get; }

    /// <summary>Every TenantIsolation.</summary>
    public ResourceInformer<TenantIsolation> Tenants { get; }

    /// <summary>Every Namespace.</summary>
    public ResourceInformer<V1Namespace> Namespaces { get; }

    /// <summary>Every NetworkPolicy.</summary>
    public ResourceInformer<V1NetworkPolicy> Policies { get; }

    /// <summary>Moves on every change the planner can see; a plan computed at one version is valid until it moves.</summary>
    public long PlanningVersion => Interlocked.Read(ref _planningVersion);

    /// <summary>
    /// Moves when only the operator's marks on a namespace changed, which <see cref="PlanningVersion"/> leaves out: the
    /// plan stays valid, but the namespaces planned beside it (breach analysis reads their labels) are taken again.
    /// </summary>
    public long NamespacesVersion => Interlocked.Read(ref _namespacesVersion);

    /// <summary>True once every informer has listed.</summary>
    public bool HasSynced => Tenants.HasSynced && Namespaces.HasSynced && Policies.HasSynced;

    /// <summary>Raised when any cache becomes unhealthy or healthy again; read <see cref="Unhealthy"/> for the state.</summary>
    public event Action? HealthChanged;

    /// <summary>The caches that cannot be trusted now, by resource; empty when all can.</summary>
    public IReadOnlyList<CacheProblem> Unhealthy()
    {
        var problems = new List<CacheProblem>();
        foreach (var (name, health) in new[] { (Tenants.ResourceName, Tenants.Health), (Namespaces.ResourceName, Namespaces.Health), (Policies.ResourceName, Policies.Health) })
        {
            if (health.Problem is { } problem)
            {
                problems.Add(new CacheProblem(name, problem, health.LastError));
            }
        }

        return problems;
    }

    /// <summary>Runs the informers until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Tenants.RunAsync(cancellationToken), Namespaces.RunAsync(cancellationToken), Policies.RunAsync(cancellationToken));

    /// <summary>Completes when every informer has listed.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Tenants.WaitForSyncAsync(cancellationToken), Namespaces.WaitForSyncAsync(cancellationToken), Policies.WaitForSyncAsync(cancellationToken));

    /// <summary>The policy with this namespace and name, or null.</summary>
    public V1NetworkPolicy? Policy(string ns, string name) => Policies.Cache.Get(ns, name);

    /// <summary>The managed policies labelled with <paramref name="tenant"/>, wherever they are.</summary>
    public IReadOnlyList<V1NetworkPolicy> ManagedPoliciesOf(string tenant) => Policies.Cache.ByIndex(ByTenant, tenant);

    /// <summary>Every policy in <paramref name="ns"/>.</summary>
    public IReadOnlyList<V1NetworkPolicy> PoliciesIn(string ns) => Policies.Cache.ByIndex(ByNamespace, ns);

    /// <summary>
    /// The policies no tenant manages that admit or reach other namespaces by a namespaceSelector: a namespace's
    /// labels decide whether they breach a tenant. Few on any cluster, so a namespace change can read them all.
    /// </summary>
    public IReadOnlyList<V1NetworkPolicy> HandWrittenPoliciesSelectingNamespaces() => Policies.Cache.ByIndex(ByNamespaceSelectingPeer, HandWritten);

    /// <summary>The planner's view of the namespace named <paramref name="name"/>, or null when not cached.</summary>
    public NamespaceInfo? FindNamespaceInfo(string name) => _namespaceInfos.TryGetValue(name, out var info) ? info : null;

    /// <summary>The namespaces whose tenant mark (<see cref="WellKnown.TenantLabel"/>) names <paramref name="tenant"/>.</summary>
    public IReadOnlyList<V1Namespace> NamespacesMarkedFor(string tenant) => Namespaces.Cache.ByIndex(ByTenantMark, tenant);

    /// <summary>Every tenant name a namespace's mark carries, including tenants that no longer exist.</summary>
    public IReadOnlyList<string> MarkedTenants() => Namespaces.Cache.IndexValues(ByTenantMark);

    /// <summary>What the planner reads, as the caches hold it now.</summary>
    public (IReadOnlyList<TenantIsolation> Tenants, IReadOnlyList<NamespaceInfo> Namespaces) PlanningInput() =>
        (Tenants.Cache.List(), [.. _namespaceInfos.Values]);

    /// <summary>A namespace without managedFields and spec (its finalizers): the operator reads its labels and status only.</summary>
    private static V1Namespace WithoutSpec(V1Namespace ns)
    {
        ns.Spec = null;
        return SharedPolicyParts.WithoutManagedFields(ns);
    }

    private static bool HasNamespaceSelectingPeer(V1NetworkPolicy policy) => PolicyPeers.Of(policy).Any(peer => peer.NamespaceSelector is not null);

    private void Remember(V1Namespace ns) => _namespaceInfos[ns.Metadata.Name] = NamespaceInfo.From(ns);

    private void Bump() => Interlocked.Increment(ref _planningVersion);

    private void TenantsChanged()
    {
        _anyTenantSelectsByMarks = Tenants.Cache.List().Any(TenantEventRules.SelectsByMarks);
        Bump();
    }
}

/// <summary>A cache that cannot be trusted: its resource, why (a text that stays the same while the trouble lasts), and the last error.</summary>
public sealed record CacheProblem(string Resource, string Problem, string? LastError)
{
    /// <inheritdoc />
    public override string ToString() => $"the {Resource} cache is unhealthy: {Problem}";
}
