using System.Diagnostics;
using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.LocalApiServer;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// Does each step of the chaos schedule to the cluster and the replicas. Every choice (which policy to edit, which
/// namespace to move, what to change in a spec) is drawn from <paramref name="random"/>, the soak's seeded generator;
/// what there is to choose from is what the observer sees at that moment.
/// </summary>
public sealed class ChaosActions(
    IKubernetes client, LocalKubernetesApiServer server, OperatorReplicas replicas, SoakObserver observer, FailoverMeter failovers, Random random, Action<string> log)
{
    private const string ChurnPrefix = "churn-";
    private readonly Dictionary<ChaosKind, int> _done = [];
    private int _churnCreated;
    private int _handEdits;

    /// <summary>How many steps of each kind were done.</summary>
    public IReadOnlyDictionary<ChaosKind, int> Done => _done;

    /// <summary>Keep the cluster's size: churn replaces namespaces one for one, specs only swap an egress port (<see cref="SoakOptions.ConstantSize"/>).</summary>
    public bool ConstantSize { get; init; }

    /// <summary>The highest churn namespace number in use, so new ones get fresh names.</summary>
    public int ChurnCreated { get => _churnCreated; init => _churnCreated = value; }

    /// <summary>Does <paramref name="step"/>.</summary>
    public async Task RunAsync(ChaosStep step)
    {
        switch (step.Kind)
        {
            case ChaosKind.LeaderFault:
                await LeaderFaultAsync();
                break;
            case ChaosKind.DropWatches:
                log($"dropped {server.Faults.DropAllWatches()} watches");
                break;
            case ChaosKind.Compact:
                server.Faults.CompactHistory();
                log("compacted the change history");
                break;
            case ChaosKind.HandEdit:
                await HandEditAsync();
                break;
            case ChaosKind.NamespaceChurn when ConstantSize:
                await ReplaceNamespaceAsync();
                break;
            case ChaosKind.NamespaceChurn:
                await ChurnAsync();
                break;
            case ChaosKind.SpecChange when ConstantSize:
                await SwapEgressPortAsync();
                break;
            case ChaosKind.SpecChange:
                await ChangeSpecAsync(SoakFleet.SelectorTenants.Concat(SoakFleet.NamedTenants).ElementAt(random.Next(6)));
                break;
            case ChaosKind.ForeignPolicy:
                await CreateForeignAsync(SoakFleet.CopiedPolicies[0], copiedLabels: true);
                break;
        }

        _done[step.Kind] = _done.GetValueOrDefault(step.Kind) + 1;
    }

    /// <summary>Creates a policy that is not the operator's, and has the observer guard it.</summary>
    public async Task CreateForeignAsync(string key, bool copiedLabels)
    {
        var policy = SoakFleet.ForeignPolicy(key, copiedLabels);
        V1NetworkPolicy? created = null;
        await SoakApi.TryAsync(async () => created = await client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, policy.Metadata.NamespaceProperty), conflictIsFinal: true);
        created ??= await client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(policy.Metadata.Name, policy.Metadata.NamespaceProperty);
        observer.Guard(created);
        log($"created {key}, {(copiedLabels ? "with the operator's labels copied onto it" : "a team's own")}");
    }

    /// <summary>Changes the spec of <paramref name="name"/>: intra-tenant traffic on or off, the egress rule's port or presence, or a named member.</summary>
    public async Task ChangeSpecAsync(string name)
    {
        var change = random.Next(3);
        var portChoice = random.Next(3);
        var pick = random.Next(3);
        string what = "";
        await SoakApi.TryAsync(async () =>
        {
            var tenant = KubernetesJson.Deserialize<TenantIsolation>(KubernetesJson.Serialize(
                await client.CustomObjects.GetClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name)));
            var spec = tenant.Spec;
            if (change == 2 && spec.Namespaces is { } names)
            {
                var candidate = SoakFleet.Pool(name)[pick];
                if (names.Contains(candidate) && names.Count > 1)
                {
                    names.Remove(candidate);
                    what = $"no longer names {candidate}";
                }
                else
                {
                    spec.Namespaces = [.. names.Append(candidate).Distinct(StringComparer.Ordinal)];
                    what = $"names {candidate}";
                }
            }
            else if (change == 1)
            {
                int[] ports = [443, 8443, 5432];
                spec.Egress = portChoice == 0 && spec.Egress is { Count: > 0 } ? null : [SoakFleet.Egress(ports[pick])];
                what = spec.Egress is null ? "drops its egress rule" : $"allows egress on {ports[pick]}";
            }
            else
            {
                spec.AllowIntraTenant = spec.AllowIntraTenant == false ? null : false;
                what = spec.AllowIntraTenant == false ? "stops intra-tenant traffic" : "allows intra-tenant traffic";
            }

            await client.CustomObjects.ReplaceClusterCustomObjectAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name);
        });
        log($"spec: {name} {what}");
    }

    /// <summary>Creates a namespace labelled for <paramref name="tenant"/> (a join in the calm tail).</summary>
    public async Task<string> CreateNamespaceAsync(string prefix, string? tenant)
    {
        var name = $"{prefix}{++_churnCreated}";
        await SoakApi.TryAsync(() => client.CoreV1.CreateNamespaceAsync(SoakFleet.Namespace(name, tenant)), conflictIsFinal: true);
        log($"namespace {name} created{(tenant is null ? "" : $" for {tenant}")}");
        return name;
    }

    private async Task LeaderFaultAsync()
    {
        var leader = await replicas.LeaderAsync();
        if (leader is null)
        {
            log("leader fault skipped: no replica leads right now");
            return;
        }

        var at = Stopwatch.GetTimestamp();
        if (leader == replicas.Survivor)
        {
            // The long-lived replica is never killed (its memory is the leak check): its Lease goes instead.
            await SoakApi.TryAsync(() => client.CoordinationV1.DeleteNamespacedLeaseAsync(SoakFleet.LeaseName, SoakFleet.OperatorNamespace));
            log($"deleted the Lease held by {leader.Identity}");
            failovers.Begin("Lease deleted", at, null);
        }
        else
        {
            await replicas.KillAsync(leader);
            failovers.Begin("leader SIGKILLed", at, leader.Identity);
        }
    }

    private async Task HandEditAsync()
    {
        var ours = observer.Caches.Policies.Cache.List()
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == TenantIsolation.KindName) == true)
            .OrderBy(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", StringComparer.Ordinal)
            .ToList();
        var delete = random.NextDouble() < 0.5;
        if (ours.Count == 0)
        {
            return;
        }

        var target = ours[random.Next(ours.Count)];
        var key = $"{target.Metadata.NamespaceProperty}/{target.Metadata.Name}";
        if (delete)
        {
            await SoakApi.TryAsync(() => client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(target.Metadata.Name, target.Metadata.NamespaceProperty));
            log($"hand edit: deleted {key}");
            return;
        }

        // The cached object is shared: edit a copy, with the version the cache holds (a 409 means someone was first).
        var edited = KubernetesJson.Deserialize<V1NetworkPolicy>(KubernetesJson.Serialize(target));
        edited.Spec.PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["soak.example/hand-edit"] = $"{++_handEdits}" } };
        var done = await SoakApi.TryAsync(() => client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(edited, target.Metadata.Name, target.Metadata.NamespaceProperty), conflictIsFinal: true);
        log($"hand edit: {(done ? "edited" : "could not edit")} {key}");
    }

    // A churn namespace goes and a new one of the same tenant comes: as many namespaces, members and policies as before.
    private async Task ReplaceNamespaceAsync()
    {
        var churn = ChurnNamespaces();
        if (churn.Count == 0)
        {
            return;
        }

        var old = churn[random.Next(churn.Count)];
        var tenant = old.Metadata.Labels?.TryGetValue(SoakFleet.TenantLabel, out var label) == true ? label : null;
        await SoakApi.TryAsync(() => client.CoreV1.DeleteNamespaceAsync(old.Metadata.Name));
        log($"namespace {old.Metadata.Name} deleted");
        await CreateNamespaceAsync(ChurnPrefix, tenant);
    }

    // One of the tenants with an egress rule allows another port instead: every policy stays, one changes.
    private async Task SwapEgressPortAsync()
    {
        int[] ports = [443, 8443, 5432];
        var name = SoakFleet.EgressTenants[random.Next(SoakFleet.EgressTenants.Count)];
        var step = 1 + random.Next(ports.Length - 1);
        var port = 0;
        await SoakApi.TryAsync(async () =>
        {
            var tenant = KubernetesJson.Deserialize<TenantIsolation>(KubernetesJson.Serialize(
                await client.CustomObjects.GetClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name)));
            var current = tenant.Spec.Egress?.FirstOrDefault()?.Ports?.FirstOrDefault()?.Port?.Value;
            port = ports[(Math.Max(0, Array.FindIndex(ports, p => p.ToString(System.Globalization.CultureInfo.InvariantCulture) == current)) + step) % ports.Length];
            tenant.Spec.Egress = [SoakFleet.Egress(port)];
            await client.CustomObjects.ReplaceClusterCustomObjectAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name);
        });
        log($"spec: {name} allows egress on {port} instead");
    }

    private List<V1Namespace> ChurnNamespaces() =>
        [.. observer.Caches.Namespaces.Cache.List()
            .Where(n => n.Metadata.Name.StartsWith(ChurnPrefix, StringComparison.Ordinal) && n.Metadata.DeletionTimestamp is null)
            .OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)];

    private async Task ChurnAsync()
    {
        var churn = ChurnNamespaces();
        var roll = random.NextDouble();
        var tenant = random.NextDouble() < 0.15 ? null : SoakFleet.SelectorTenants[random.Next(SoakFleet.SelectorTenants.Count)];
        var pick = random.Next(Math.Max(1, churn.Count));
        if (churn.Count < 3 || (roll < 0.4 && churn.Count < 10))
        {
            await CreateNamespaceAsync(ChurnPrefix, tenant);
        }
        else if (roll < 0.7)
        {
            var name = churn[pick].Metadata.Name;
            await SoakApi.TryAsync(() => client.CoreV1.DeleteNamespaceAsync(name));
            log($"namespace {name} deleted");
        }
        else
        {
            var name = churn[pick].Metadata.Name;
            await SoakApi.TryAsync(async () =>
            {
                var ns = await client.CoreV1.ReadNamespaceAsync(name);
                ns.Metadata.Labels ??= new Dictionary<string, string>();
                if (tenant is null)
                {
                    ns.Metadata.Labels.Remove(SoakFleet.TenantLabel);
                }
                else
                {
                    ns.Metadata.Labels[SoakFleet.TenantLabel] = tenant;
                }

                await client.CoreV1.ReplaceNamespaceAsync(ns, name);
            });
            log($"namespace {name} moved to {tenant ?? "no tenant"}");
        }
    }
}
