using System.Net;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.Events;
using TenantOperator.Runtime.Writes;
using TenantOperator.Tests.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Events;

public sealed class EventRecorderTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T10:00:00Z"));
    private readonly RecordingEventWriter _writer = new();
    private readonly EventRecorder _recorder;

    public EventRecorderTests()
    {
        _recorder = new EventRecorder(_writer, new EventRecorderOptions { Component = "tenant-operator", ReportingInstance = "pod-a" }, _time);
    }

    private static Widget Tenant() => new()
    {
        Metadata = new V1ObjectMeta { Name = "team-a", Uid = "uid-1", ResourceVersion = "7" },
    };

    private static V1NetworkPolicy Policy() => new()
    {
        Metadata = new V1ObjectMeta { Name = "tenant-isolation-dns", NamespaceProperty = "team-a-web", Uid = "uid-2", ResourceVersion = "9" },
    };

    [Fact]
    public async Task FirstEvent_NamesTheInvolvedObjectFully_AndTheReporter()
    {
        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "created 3 policies", default);

        var e = Assert.Single(_writer.Created);
        Assert.Equal(("example.io/v1", "Widget", "team-a", null, "uid-1", "7"),
            (e.InvolvedObject.ApiVersion, e.InvolvedObject.Kind, e.InvolvedObject.Name, e.InvolvedObject.NamespaceProperty, e.InvolvedObject.Uid, e.InvolvedObject.ResourceVersion));
        Assert.Equal(("PoliciesApplied", "created 3 policies", "Normal", 1), (e.Reason, e.Message, e.Type, e.Count));
        Assert.Equal(("tenant-operator", "pod-a", "tenant-operator", "pod-a"), (e.Source.Component, e.Source.Host, e.ReportingComponent, e.ReportingInstance));
        Assert.Equal(_time.GetUtcNow().UtcDateTime, e.FirstTimestamp);
        Assert.StartsWith("team-a.", e.Metadata.Name);
    }

    [Fact]
    public async Task EventAboutAClusterScopedObject_GoesToTheDefaultNamespace()
    {
        await _recorder.RecordAsync(Tenant(), EventSeverity.Warning, "InvalidSpec", "spec.ingress[0].name is empty", default);

        Assert.Equal("default", _writer.Created[0].Metadata.NamespaceProperty);
        Assert.Equal("Warning", _writer.Created[0].Type);
    }

    [Fact]
    public async Task EventAboutANamespacedObject_GoesToItsNamespace()
    {
        await _recorder.RecordAsync(Policy(), EventSeverity.Normal, "DriftRepaired", "restored", default);

        Assert.Equal("team-a-web", _writer.Created[0].Metadata.NamespaceProperty);
        Assert.Equal(("networking.k8s.io/v1", "NetworkPolicy"), (_writer.Created[0].InvolvedObject.ApiVersion, _writer.Created[0].InvolvedObject.Kind));
    }

    [Fact]
    public async Task Repeats_PatchCountAndLastTimestamp_InsteadOfCreatingNewEvents()
    {
        await _recorder.RecordAsync(Tenant(), EventSeverity.Warning, "NamespaceConflict", "team-x claimed by team-b", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _recorder.RecordAsync(Tenant(), EventSeverity.Warning, "NamespaceConflict", "team-x claimed by team-b", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _recorder.RecordAsync(Tenant(), EventSeverity.Warning, "NamespaceConflict", "team-x claimed by team-b", default);

        Assert.Single(_writer.Created);
        Assert.Equal(2, _writer.Patches.Count);
        var (ns, name, patch) = _writer.Patches[1];
        Assert.Equal(("default", _writer.Created[0].Metadata.Name), (ns, name));
        Assert.Contains("\"count\":3", patch);
        Assert.Contains("\"lastTimestamp\":\"2026-03-01T10:02:00Z\"", patch);
    }

    [Fact]
    public async Task ADifferentMessageOrReason_IsANewEvent()
    {
        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "created 3", default);
        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "created 1", default);
        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "DriftRepaired", "created 1", default);

        Assert.Equal(3, _writer.Created.Count);
        Assert.Empty(_writer.Patches);
        Assert.Equal(3, _writer.Created.Select(e => e.Metadata.Name).Distinct().Count());
    }

    [Fact]
    public async Task RepeatOfAnEventThatExpired_CreatesItAgain()
    {
        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "created 3", default);
        _writer.EventsAreGone = true;

        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "created 3", default);

        Assert.Equal(2, _writer.Created.Count);
        Assert.Equal(1, _writer.Created[1].Count);
    }

    [Fact]
    public async Task FailedWrites_AreSwallowed_SoTheReconcileGoesOn()
    {
        _writer.FailWith = new KubernetesApiException("create", "events default/x", HttpStatusCode.Forbidden, null, "forbidden", null);
        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "created 3", default);

        _writer.FailWith = new HttpRequestException("connection refused");
        await _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "created 3", default);

        Assert.Empty(_writer.Created);
    }

    [Fact]
    public async Task Cancellation_IsNotSwallowed()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _recorder.RecordAsync(Tenant(), EventSeverity.Normal, "PoliciesApplied", "x", cts.Token));
    }

    [Fact]
    public async Task AggregationMemory_IsBounded_ForgettingTheLeastRecentEvent()
    {
        var recorder = new EventRecorder(_writer, new EventRecorderOptions { AggregationCacheSize = 2 }, _time);
        await recorder.RecordAsync(Tenant(), EventSeverity.Normal, "A", "a", default);
        await recorder.RecordAsync(Tenant(), EventSeverity.Normal, "B", "b", default);
        await recorder.RecordAsync(Tenant(), EventSeverity.Normal, "C", "c", default);

        await recorder.RecordAsync(Tenant(), EventSeverity.Normal, "C", "c", default);
        await recorder.RecordAsync(Tenant(), EventSeverity.Normal, "A", "a", default);

        Assert.Single(_writer.Patches);
        Assert.Equal(4, _writer.Created.Count);
    }
}
