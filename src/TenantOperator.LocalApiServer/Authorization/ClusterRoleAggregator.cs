using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Objects;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// kube-controller-manager's ClusterRole aggregation controller (pkg/controller/clusterroleaggregation): a
/// ClusterRole with an <c>aggregationRule</c> gets as its rules the rules of every other ClusterRole its selectors
/// match (roles in name order, each distinct rule once). Any ClusterRole change triggers a pass over all aggregated
/// roles, so chains (admin ← edit ← view) settle within a few passes, a moment after the change.
/// </summary>
internal sealed class ClusterRoleAggregator : IAsyncDisposable
{
    private readonly ObjectService _objects;
    private readonly ILogger _logger;
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task _worker = Task.CompletedTask;

    public ClusterRoleAggregator(ObjectService objects, ILogger logger)
    {
        _objects = objects;
        _logger = logger;
        objects.Store.Changed += change =>
        {
            if (change.Object.StorageKey == RbacPolicy.ClusterRolesKey)
            {
                _changed.Writer.TryWrite(true);
            }
        };
    }

    public void Start() => _worker = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Passes until one changes nothing, so that a chain of aggregated roles (admin ← edit ← view, each pass reading
    /// the roles as they were when it began) has settled when the server starts serving, and no write of the
    /// aggregator lands after it.
    /// </summary>
    public void AggregateUntilSettled()
    {
        var passes = _objects.Store.All(RbacPolicy.ClusterRolesKey).Count + 1;
        while (AggregateAll() && --passes > 0)
        {
        }
    }

    /// <summary>One pass: sets the rules of every aggregated ClusterRole that differ from what its selectors gather; true when it changed one.</summary>
    public bool AggregateAll()
    {
        var changed = false;
        var roles = _objects.Store.All(RbacPolicy.ClusterRolesKey).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        foreach (var role in roles)
        {
            var json = role.ToJsonObject();
            if (json["aggregationRule"] is not JsonObject aggregation)
            {
                continue;
            }

            var gathered = new List<PolicyRule>();
            foreach (var selector in (aggregation["clusterRoleSelectors"] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var source in roles.Where(r => r.Name != role.Name && Selectors.LabelSelectorObject.Matches(selector, r.Labels)))
                {
                    foreach (var rule in PolicyRule.ListFromJson(source.ToJsonObject()["rules"]))
                    {
                        if (!gathered.Any(r => r.SameAs(rule)))
                        {
                            gathered.Add(rule);
                        }
                    }
                }
            }

            var current = PolicyRule.ListFromJson(json["rules"]);
            if (current.Count != gathered.Count || current.Where((rule, i) => !rule.SameAs(gathered[i])).Any())
            {
                _objects.MutateSystem(role.Address, obj =>
                {
                    obj["rules"] = new JsonArray([.. gathered.Select(r => (JsonNode)r.ToJson())]);
                    return true;
                });
                changed = true;
            }
        }

        return changed;
    }

    public async ValueTask DisposeAsync()
    {
        _changed.Writer.TryComplete();
        await _stop.CancelAsync();
        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellation)
    {
        await foreach (var _ in _changed.Reader.ReadAllAsync(cancellation))
        {
            try
            {
                AggregateUntilSettled();
            }
            #pragma warning disable CA1031 // A failed pass is logged; the aggregator keeps serving the next change.
            catch (Exception e)
            #pragma warning restore CA1031
            {
                _logger.LogError(e, "ClusterRole aggregation failed");
            }
        }
    }
}
