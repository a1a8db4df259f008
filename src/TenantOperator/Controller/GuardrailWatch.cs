using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Controller;

/// <summary>
/// Watches the cluster's ValidatingAdmissionPolicies and bindings and reports which of the shipped guardrails are
/// there, by name (<see cref="Report"/>), for each tenant's GuardrailsInstalled condition. Its caches are kept apart
/// from <see cref="ClusterCaches"/>: a cluster without these kinds (before Kubernetes 1.30), or an operator not allowed
/// to read them, makes the condition Unknown but does not blind the reconciler. <see cref="Changed"/> is raised when
/// the report changes, so every tenant's status follows a guardrail being removed or put back.
/// </summary>
public sealed class GuardrailWatch
{
    private readonly IReadOnlyList<(string Kind, string Name)> _expected;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _unhealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GuardrailReport? _last;

    /// <summary>Watches for <paramref name="expected"/> (kind and name of each shipped object) through <paramref name="client"/>.</summary>
    public GuardrailWatch(IKubernetes client, IReadOnlyList<(string Kind, string Name)> expected, RuntimeMetrics metrics, TimeProvider time, ILoggerFactory loggers, InformerOptions? informerOptions = null)
    {
        _expected = expected;
        Policies = new ResourceInformer<V1ValidatingAdmissionPolicy>(KubernetesListWatchSources.ValidatingAdmissionPolicies(client), informerOptions, time,
            loggers.CreateLogger("informer.validatingadmissionpolicies"), metrics.Informers);
        Bindings = new ResourceInformer<V1ValidatingAdmissionPolicyBinding>(KubernetesListWatchSources.ValidatingAdmissionPolicyBindings(client), informerOptions, time,
            loggers.CreateLogger("informer.validatingadmissionpolicybindings"), metrics.Informers);
        Policies.AddHandler(new ResourceEventHandler<V1ValidatingAdmissionPolicy>(_ => Recheck(), (_, _) => Recheck(), _ => Recheck()));
        Bindings.AddHandler(new ResourceEventHandler<V1ValidatingAdmissionPolicyBinding>(_ => Recheck(), (_, _) => Recheck(), _ => Recheck()));
        Policies.HealthChanged += OnHealthChanged;
        Bindings.HealthChanged += OnHealthChanged;
    }

    /// <summary>Every ValidatingAdmissionPolicy.</summary>
    public ResourceInformer<V1ValidatingAdmissionPolicy> Policies { get; }

    /// <summary>Every ValidatingAdmissionPolicyBinding.</summary>
    public ResourceInformer<V1ValidatingAdmissionPolicyBinding> Bindings { get; }

    /// <summary>Raised when <see cref="Report"/> has changed.</summary>
    public event Action? Changed;

    /// <summary>Runs the informers until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(Policies.RunAsync(cancellationToken), Bindings.RunAsync(cancellationToken));

    /// <summary>
    /// Completes once both caches have listed, or one of them has turned unhealthy (the kinds are not served, or the
    /// operator may not read them): from then on <see cref="Report"/> says something definite, so tenants are not
    /// first reported Unknown and then reported again.
    /// </summary>
    public async Task SettledAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(Task.WhenAll(Policies.WaitForSyncAsync(cancellationToken), Bindings.WaitForSyncAsync(cancellationToken)), _unhealthy.Task.WaitAsync(cancellationToken))
            .ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        Recheck();
    }

    /// <summary>Which shipped guardrails the caches hold now.</summary>
    public GuardrailReport Report()
    {
        foreach (var (resource, synced, health) in new[] { (Policies.ResourceName, Policies.HasSynced, Policies.Health), (Bindings.ResourceName, Bindings.HasSynced, Bindings.Health) })
        {
            if (!synced || health.Problem is not null)
            {
                var detail = health.Problem ?? "not listed yet";
                return new GuardrailReport(_expected.Count, [], $"{resource}: {(health.LastError is { } error ? $"{detail}, last error: {error}" : detail)}");
            }
        }

        var missing = _expected
            .Where(e => e.Kind == "ValidatingAdmissionPolicy" ? Policies.Cache.Get(null, e.Name) is null : Bindings.Cache.Get(null, e.Name) is null)
            .Select(e => $"{e.Kind} {e.Name}")
            .ToList();
        return new GuardrailReport(_expected.Count, missing);
    }

    private void OnHealthChanged(bool healthy)
    {
        if (!healthy)
        {
            _unhealthy.TrySetResult();
        }

        Recheck();
    }

    private void Recheck()
    {
        var report = Report();
        lock (_lock)
        {
            if (_last is not null && _last.Unreadable == report.Unreadable && _last.Missing.SequenceEqual(report.Missing))
            {
                return;
            }

            _last = report;
        }

        Changed?.Invoke();
    }
}
