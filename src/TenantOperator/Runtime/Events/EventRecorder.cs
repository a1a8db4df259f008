using System.Globalization;
using System.Reflection;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Runtime.Events;

/// <summary>
/// Writes core/v1 Events through the <see cref="IKubernetesWriter"/>. Like client-go's
/// EventCorrelator, a repeat of an event with the same object, type, reason and message patches the
/// existing Event's <c>count</c> and <c>lastTimestamp</c> instead of creating another. Events about
/// cluster-scoped objects go to the <c>default</c> namespace, as Kubernetes does.
/// </summary>
/// <remarks>
/// Only exact repeats are aggregated; client-go also folds similar events (same reason, different
/// messages) after ten in ten minutes, which this recorder does not. If the aggregated Event is gone
/// (Events expire after an hour), the next repeat creates a new one.
/// </remarks>
public sealed class EventRecorder : IEventRecorder
{
    private readonly IKubernetesWriter _writer;
    private readonly EventRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly LruCache<string, RecordedEvent> _recent;
    private long _sequence;

    /// <summary>Creates a recorder.</summary>
    public EventRecorder(IKubernetesWriter writer, EventRecorderOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _options = options ?? new EventRecorderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.AggregationCacheSize, 1);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _recent = new LruCache<string, RecordedEvent>(_options.AggregationCacheSize);
    }

    /// <inheritdoc />
    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, EventSeverity type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var reference = Reference(involved);
        var eventNamespace = string.IsNullOrEmpty(reference.NamespaceProperty) ? _options.ClusterScopedNamespace : reference.NamespaceProperty;
        var key = string.Join('\u001f', reference.Uid, reference.Kind, reference.NamespaceProperty, reference.Name, type, reason, message);
        var now = _time.GetUtcNow().UtcDateTime;

        RecordedEvent? previous;
        lock (_lock)
        {
            _recent.TryGet(key, out previous);
        }

        try
        {
            if (previous is not null && await TryRaiseCountAsync(previous, message, now, cancellationToken).ConfigureAwait(false) is { } raised)
            {
                Remember(key, raised);
                return;
            }

            var created = await _writer.CreateEventAsync(NewEvent(reference, eventNamespace, type, reason, message, now), cancellationToken).ConfigureAwait(false);
            Remember(key, new RecordedEvent(eventNamespace, created.Metadata?.Name ?? "", 1));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An event is worth a log line, never a failed reconcile.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Could not record event {Reason} for {Kind} {Name}: {Message}", reason, reference.Kind, reference.Name, message);
        }
    }

    // Patches count and lastTimestamp; null when the Event is gone and a new one must be created.
    private async Task<RecordedEvent?> TryRaiseCountAsync(RecordedEvent previous, string message, DateTime now, CancellationToken cancellationToken)
    {
        var count = previous.Count + 1;
        var patch = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["count"] = count,
            ["lastTimestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["message"] = message,
        });
        try
        {
            await _writer.PatchEventAsync(previous.Namespace, previous.Name, new V1Patch(patch, V1Patch.PatchType.MergePatch), cancellationToken).ConfigureAwait(false);
            return previous with { Count = count };
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    private void Remember(string key, RecordedEvent recorded)
    {
        lock (_lock)
        {
            _recent.Set(key, recorded);
        }
    }

    private Corev1Event NewEvent(V1ObjectReference reference, string eventNamespace, EventSeverity type, string reason, string message, DateTime now)
    {
        // Unique per instance and moment, in the object.hex form client-go uses.
        var suffix = (now.Ticks + Interlocked.Increment(ref _sequence)).ToString("x", CultureInfo.InvariantCulture);
        return new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{reference.Name}.{suffix}", NamespaceProperty = eventNamespace },
            InvolvedObject = reference,
            Reason = reason,
            Message = message,
            Type = type.ToString(),
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = _options.Component, Host = _options.ReportingInstance },
            ReportingComponent = _options.Component,
            ReportingInstance = _options.ReportingInstance,
        };
    }

    private static V1ObjectReference Reference(IKubernetesObject<V1ObjectMeta> involved)
    {
        var entity = involved.GetType().GetCustomAttribute<KubernetesEntityAttribute>();
        var apiVersion = !string.IsNullOrEmpty(involved.ApiVersion) ? involved.ApiVersion
            : entity is null ? null
            : string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
        var kind = !string.IsNullOrEmpty(involved.Kind) ? involved.Kind : entity?.Kind;
        var name = involved.Metadata?.Name;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(kind))
        {
            throw new ArgumentException($"An event needs the involved object's kind and metadata.name (got kind '{kind}', name '{name}').", nameof(involved));
        }

        return new V1ObjectReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = name,
            NamespaceProperty = involved.Metadata!.NamespaceProperty,
            Uid = involved.Metadata.Uid,
            ResourceVersion = involved.Metadata.ResourceVersion,
        };
    }

    private sealed record RecordedEvent(string Namespace, string Name, int Count);
}
