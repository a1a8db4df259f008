using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Runtime.Writes;

/// <summary>
/// <see cref="IKubernetesWriter"/> on KubernetesClient: each attempt first takes a token from the
/// <see cref="WriteBudget"/> (however long that takes), then sends the request under a per-attempt timeout; a Polly retry around it repeats
/// transient failures (5xx, 429, timeouts, broken connections) with exponential backoff and jitter,
/// waiting what a Retry-After header asks instead where there is one. Any other 4xx ends the write
/// at once.
/// </summary>
/// <remarks>
/// A retried create whose first attempt did reach the server comes back as 409 AlreadyExists; like
/// every 409 it goes to the caller, who re-plans from the cache.
/// </remarks>
public sealed class KubernetesWriter : IKubernetesWriter, IDisposable
{
    private readonly IKubernetes _client;
    private readonly KubernetesWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WriteBudget _budget;
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _attemptTimeout;

    /// <summary>Creates a writer.</summary>
    /// <param name="client">The Kubernetes client to write with.</param>
    /// <param name="options">Budget, retries, timeouts.</param>
    /// <param name="timeProvider">Clock for budget, backoff and timeouts.</param>
    /// <param name="logger">Where retries are logged.</param>
    /// <param name="random">Jitter source in [0, 1) for the retry delays; null for Polly's own.</param>
    public KubernetesWriter(IKubernetes client, KubernetesWriterOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null, Func<double>? random = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? new KubernetesWriterOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _budget = new WriteBudget(_options.Qps, _options.Burst, _time);
        _retry = BuildRetry(random);
        _attemptTimeout = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(_options.AttemptTimeout).Build();
    }

    /// <summary>The token bucket every attempt draws from.</summary>
    public WriteBudget Budget => _budget;

    /// <inheritdoc />
    public Task<T> CreateAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (ns, name) = NamespacedName(resource, nameof(resource));
        var type = NamedGroupType<T>();
        return ExecuteAsync("create", $"{type.Plural} {ns}/{name}",
            (k, ct) => k.CustomObjects.CreateNamespacedCustomObjectAsync<T>(resource, type.Group, type.Version, ns, type.Plural,
                fieldManager: _options.FieldManager, cancellationToken: ct),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<T> ReplaceAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (ns, name) = NamespacedName(resource, nameof(resource));
        RequireResourceVersion(resource, nameof(resource));
        var type = NamedGroupType<T>();
        return ExecuteAsync("update", $"{type.Plural} {ns}/{name}",
            (k, ct) => k.CustomObjects.ReplaceNamespacedCustomObjectAsync<T>(resource, type.Group, type.Version, ns, type.Plural, name,
                fieldManager: _options.FieldManager, cancellationToken: ct),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync<T>(string @namespace, string name, V1Preconditions? preconditions, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var type = NamedGroupType<T>();
        var options = preconditions is null ? null : new V1DeleteOptions { Preconditions = preconditions };
        try
        {
            await ExecuteAsync("delete", $"{type.Plural} {@namespace}/{name}",
                (k, ct) => k.CustomObjects.DeleteNamespacedCustomObjectAsync(type.Group, type.Version, @namespace, type.Plural, name, options, cancellationToken: ct),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task<T> ReplaceClusterCustomResourceStatusAsync<T>(T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(resource);
        var type = ResourceTypeInfo.For<T>();
        var name = resource.Metadata?.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"metadata.name of the {type.Kind} is required to write its status.", nameof(resource));
        }

        RequireResourceVersion(resource, nameof(resource));
        return ExecuteAsync("update", $"{type.Plural}/status {name}",
            (k, ct) => k.CustomObjects.ReplaceClusterCustomObjectStatusAsync<T>(resource, type.Group, type.Version, type.Plural, name,
                fieldManager: _options.FieldManager, cancellationToken: ct),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<Corev1Event> CreateEventAsync(Corev1Event kubernetesEvent, CancellationToken cancellationToken)
    {
        var (ns, name) = NamespacedName(kubernetesEvent, nameof(kubernetesEvent));
        return ExecuteAsync("create", $"events {ns}/{name}",
            (k, ct) => k.CoreV1.CreateNamespacedEventAsync(kubernetesEvent, ns, fieldManager: _options.FieldManager, cancellationToken: ct),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<Corev1Event> PatchEventAsync(string @namespace, string name, V1Patch patch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(patch);
        return ExecuteAsync("patch", $"events {@namespace}/{name}",
            (k, ct) => k.CoreV1.PatchNamespacedEventAsync(patch, name, @namespace, fieldManager: _options.FieldManager, cancellationToken: ct),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TResult> ExecuteAsync<TResult>(string verb, string resource, Func<IKubernetes, CancellationToken, Task<TResult>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(WriteKey, $"{verb} {resource}");
        try
        {
            return await _retry.ExecuteAsync(
                async (ctx, state) =>
                {
                    // The wait for a token is outside the attempt's timeout: a write queued behind a long
                    // fan-out is not failing, and timing it out would only send it to the back of the queue.
                    await _budget.AcquireAsync(ctx.CancellationToken).ConfigureAwait(false);
                    return await _attemptTimeout.ExecuteAsync(
                        static (s, ct) => new ValueTask<TResult>(s.Write(s.Client, ct)), (Write: state, Client: _client), ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                write).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpOperationException ex)
        {
            throw Translate(verb, resource, ex);
        }
        catch (Exception ex) when (ex is not KubernetesApiException and not ArgumentException)
        {
            throw new KubernetesApiException(verb, resource, null, null,
                $"{verb} {resource} failed without a response after {_options.MaxRetries} retries: {ex.Message}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _budget.Dispose();

    private static readonly ResiliencePropertyKey<string> WriteKey = new("tenant-operator.write");

    private ResiliencePipeline BuildRetry(Func<double>? random)
    {
        var retry = TransientRetry.Options(_options.MaxRetries, _options.RetryBaseDelay, _options.RetryMaxDelay);
        retry.DelayGenerator = args =>
        {
            var asked = TransientFailures.RetryAfter(args.Outcome.Exception, _time.GetUtcNow());
            return ValueTask.FromResult(asked is null ? (TimeSpan?)null : Min(asked.Value, _options.MaxRetryAfter));
        };
        retry.OnRetry = args =>
        {
            _logger.LogInformation("Retrying {Write} in {Delay} (retry {Attempt} of {Max}) after: {Error}",
                args.Context.Properties.GetValue(WriteKey, "write"), args.RetryDelay, args.AttemptNumber + 1, _options.MaxRetries,
                args.Outcome.Exception?.Message);
            return ValueTask.CompletedTask;
        };
        if (random is not null)
        {
            retry.Randomizer = random;
        }

        return new ResiliencePipelineBuilder { TimeProvider = _time }.AddRetry(retry).Build();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static KubernetesApiException Translate(string verb, string resource, HttpOperationException ex)
    {
        var code = ex.Response?.StatusCode;
        V1Status? status = null;
        try
        {
            status = string.IsNullOrWhiteSpace(ex.Response?.Content) ? null : KubernetesJson.Deserialize<V1Status>(ex.Response.Content);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not every error body is a Status (a proxy's HTML page, say); the code alone still tells.
        }

        var message = $"{verb} {resource} failed: {(int?)code} {status?.Reason} {status?.Message}".TrimEnd();
        return code == HttpStatusCode.Conflict
            ? new ApiConflictException(verb, resource, status, message, ex)
            : new KubernetesApiException(verb, resource, code, status, message, ex);
    }

    private static (string Namespace, string Name) NamespacedName(IKubernetesObject<V1ObjectMeta> resource, string parameter)
    {
        ArgumentNullException.ThrowIfNull(resource, parameter);
        var ns = resource.Metadata?.NamespaceProperty;
        var name = resource.Metadata?.Name;
        if (string.IsNullOrWhiteSpace(ns))
        {
            throw new ArgumentException($"metadata.namespace of the {resource.Kind ?? "object"} '{name}' is required.", parameter);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"metadata.name of the {resource.Kind ?? "object"} in namespace '{ns}' is required.", parameter);
        }

        return (ns, name);
    }

    // The generic writes address /apis/{group}/{version}/...: the core group lives under /api/v1 instead, and its one
    // kind the operator writes (Event) has its own methods.
    private static ResourceTypeInfo NamedGroupType<T>()
    {
        var type = ResourceTypeInfo.For<T>();
        return string.IsNullOrEmpty(type.Group)
            ? throw new ArgumentException($"{type.Kind} is in the core API group, which the generic writes do not address (/api/v1, not /apis).", nameof(T))
            : type;
    }

    private static void RequireResourceVersion(IKubernetesObject<V1ObjectMeta> resource, string parameter)
    {
        if (string.IsNullOrWhiteSpace(resource.Metadata?.ResourceVersion))
        {
            throw new ArgumentException(
                $"metadata.resourceVersion of {resource.Kind ?? "object"} '{resource.Metadata?.Name}' is required, so that a concurrent change is refused instead of overwritten.",
                parameter);
        }
    }
}
