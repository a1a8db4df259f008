using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using TenantOperator.Runtime.Writes;
using TenantOperator.Tests.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Writes;

public sealed class KubernetesWriterTests : IDisposable
{
    private const string CreatedPolicy = """{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"tenant-isolation-dns","namespace":"team-a","resourceVersion":"12"}}""";
    private readonly TimerAwareFakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly ScriptedHttpHandler _http;
    private readonly Kubernetes _client;
    private KubernetesWriter? _writer;

    public KubernetesWriterTests()
    {
        _http = new ScriptedHttpHandler(_time);
        _client = _http.Client();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _client.Dispose();
    }

    private KubernetesWriter Writer(KubernetesWriterOptions? options = null) =>
        _writer ??= new KubernetesWriter(_client, options ?? new KubernetesWriterOptions(), _time, random: () => 0.5);

    private static V1NetworkPolicy Policy(string? resourceVersion = null) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = "tenant-isolation-dns", NamespaceProperty = "team-a", ResourceVersion = resourceVersion },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() },
    };

    private static string Status(int code, string reason) =>
        $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"{{reason}}","message":"{{reason}} says the server","code":{{code}}}""";

    // Fires each delay the writer arms (a retry's backoff or Retry-After wait) by exactly its due time, until the write
    // finishes. The fake clock moves only here, so the time between two requests is the delay the writer chose. The
    // attempt timeout is left alone: it fires only where a test fires it.
    private async Task<T> Finish<T>(Task<T> write, TimeSpan? attemptTimeout = null)
    {
        var timeout = attemptTimeout ?? new KubernetesWriterOptions().AttemptTimeout;
        while (true)
        {
            await Eventually.True(() => write.IsCompleted || _time.Armed.Any(t => t.DueTime != timeout), "the write finished or armed a delay");
            if (write.IsCompleted)
            {
                return await write;
            }

            _time.Advance(_time.Armed.Where(t => t.DueTime != timeout).Min(t => t.Remaining));
        }
    }

    private TimeSpan Gap(int request) => _http.Requests[request].At - _http.Requests[request - 1].At;

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_UntilTheCreateSucceeds()
    {
        _http.Respond(HttpStatusCode.InternalServerError, Status(500, "InternalError"))
            .Respond(HttpStatusCode.ServiceUnavailable, Status(503, "ServiceUnavailable"))
            .Respond(HttpStatusCode.Created, CreatedPolicy);

        var created = await Finish(Writer().CreateAsync(Policy(), default));

        Assert.Equal("12", created.ResourceVersion());
        Assert.Equal(3, _http.Requests.Count);
        Assert.All(_http.Requests, r => Assert.Equal(("POST", "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies?fieldManager=tenant-operator"), (r.Method, r.PathAndQuery)));
        Assert.True(Gap(1) > TimeSpan.Zero && Gap(2) > TimeSpan.Zero, "each retry waited");
    }

    [Fact]
    public async Task TooManyRequests_WaitsWhatRetryAfterAsks_InsteadOfTheShortBackoff()
    {
        _http.Respond(HttpStatusCode.TooManyRequests, Status(429, "TooManyRequests"), ("Retry-After", "3"))
            .Respond(HttpStatusCode.Created, CreatedPolicy);

        await Finish(Writer().CreateAsync(Policy(), default));

        Assert.Equal(TimeSpan.FromSeconds(3), Gap(1));
    }

    [Fact]
    public async Task RetryAfterAsAnHttpDate_IsHonouredToo()
    {
        var at = _time.GetUtcNow().AddSeconds(5).ToString("r");
        _http.Respond(HttpStatusCode.ServiceUnavailable, Status(503, "ServiceUnavailable"), ("Retry-After", at))
            .Respond(HttpStatusCode.Created, CreatedPolicy);

        await Finish(Writer().CreateAsync(Policy(), default));

        Assert.Equal(TimeSpan.FromSeconds(5), Gap(1));
    }

    [Fact]
    public async Task ARetryAfterBeyondTheLimit_IsCutToTheLimit()
    {
        _http.Respond(HttpStatusCode.TooManyRequests, Status(429, "TooManyRequests"), ("Retry-After", "3600"))
            .Respond(HttpStatusCode.Created, CreatedPolicy);

        await Finish(Writer(new KubernetesWriterOptions { MaxRetryAfter = TimeSpan.FromSeconds(2) }).CreateAsync(Policy(), default));

        Assert.Equal(TimeSpan.FromSeconds(2), Gap(1));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "BadRequest")]
    [InlineData(HttpStatusCode.Forbidden, "Forbidden")]
    [InlineData(HttpStatusCode.NotFound, "NotFound")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "Invalid")]
    public async Task OtherClientErrors_AreNotRetried(HttpStatusCode code, string reason)
    {
        _http.Respond(code, Status((int)code, reason));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => Finish(Writer().ReplaceAsync(Policy("11"), default)));

        Assert.Single(_http.Requests);
        Assert.Equal(code, error.StatusCode);
        Assert.Equal(reason, error.Reason);
        Assert.Contains("update networkpolicies team-a/tenant-isolation-dns", error.Message);
    }

    [Fact]
    public async Task Conflict_IsNotRetried_AndSurfacesAsApiConflictException()
    {
        _http.Respond(HttpStatusCode.Conflict, Status(409, "Conflict"));

        var conflict = await Assert.ThrowsAsync<ApiConflictException>(() => Finish(Writer().ReplaceAsync(Policy("11"), default)));

        Assert.Single(_http.Requests);
        Assert.False(conflict.AlreadyExists);
        Assert.Contains("\"resourceVersion\":\"11\"", _http.Requests[0].Body);
    }

    [Fact]
    public async Task CreateOfATakenName_IsAConflictWithAlreadyExists()
    {
        _http.Respond(HttpStatusCode.Conflict, Status(409, "AlreadyExists"));

        var conflict = await Assert.ThrowsAsync<ApiConflictException>(() => Finish(Writer().CreateAsync(Policy(), default)));

        Assert.True(conflict.AlreadyExists);
    }

    [Fact]
    public async Task BrokenConnections_AreRetried()
    {
        _http.Fail(new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)))
            .Fail(new IOException("unexpected EOF"))
            .Respond(HttpStatusCode.Created, CreatedPolicy);

        await Finish(Writer().CreateAsync(Policy(), default));

        Assert.Equal(3, _http.Requests.Count);
    }

    [Fact]
    public async Task AnAttemptThatHangs_TimesOutAndIsRetried()
    {
        _http.Hang().Respond(HttpStatusCode.Created, CreatedPolicy);

        var attemptTimeout = TimeSpan.FromSeconds(1);
        var write = Writer(new KubernetesWriterOptions { AttemptTimeout = attemptTimeout }).CreateAsync(Policy(), default);

        await _time.FireAsync(attemptTimeout, "the timeout of the hanging attempt");
        await Finish(write, attemptTimeout);

        Assert.Equal(2, _http.Requests.Count);
        Assert.True(Gap(1) > attemptTimeout, $"the retry came {Gap(1)} after the hanging attempt: its timeout, then a backoff");
    }

    [Fact]
    public async Task PersistentServerErrors_GiveUpAfterTheRetryLimit_WithTheLastStatus()
    {
        for (var i = 0; i < 4; i++)
        {
            _http.Respond(HttpStatusCode.ServiceUnavailable, Status(503, "ServiceUnavailable"));
        }

        var error = await Assert.ThrowsAsync<KubernetesApiException>(
            () => Finish(Writer(new KubernetesWriterOptions { MaxRetries = 3 }).CreateAsync(Policy(), default)));

        Assert.Equal(4, _http.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task CallerCancellation_StopsTheWrite_WithoutRetrying()
    {
        using var cts = new CancellationTokenSource();
        _http.Hang();

        var write = Writer().CreateAsync(Policy(), cts.Token);
        await Eventually.True(() => _http.RequestCount == 1, "request sent");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.Equal(1, _http.RequestCount);
    }

    [Fact]
    public async Task Delete_SendsPreconditions_AndReportsAnAlreadyDeletedPolicyAsFalse()
    {
        _http.Respond(HttpStatusCode.OK, Status(200, "Success"))
            .Respond(HttpStatusCode.NotFound, Status(404, "NotFound"));
        var preconditions = new V1Preconditions { Uid = "uid-1", ResourceVersion = "11" };

        Assert.True(await Finish(Writer().DeleteAsync<V1NetworkPolicy>("team-a", "tenant-isolation-dns", preconditions, default)));
        Assert.False(await Finish(Writer().DeleteAsync<V1NetworkPolicy>("team-a", "tenant-isolation-dns", preconditions, default)));

        Assert.Equal("DELETE", _http.Requests[0].Method);
        Assert.Equal("/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies/tenant-isolation-dns", _http.Requests[0].PathAndQuery);
        Assert.Contains("\"uid\":\"uid-1\"", _http.Requests[0].Body);
        Assert.Contains("\"resourceVersion\":\"11\"", _http.Requests[0].Body);
    }

    [Fact]
    public async Task StatusReplace_PutsTheStatusSubresourceWithTheResourceVersion()
    {
        _http.Respond(HttpStatusCode.OK, """{"apiVersion":"example.io/v1","kind":"Widget","metadata":{"name":"w1","resourceVersion":"8"},"status":{"ready":true}}""");
        var widget = new Widget { Metadata = new V1ObjectMeta { Name = "w1", ResourceVersion = "7" }, Status = new WidgetStatus { Ready = true } };

        var written = await Finish(Writer().ReplaceClusterCustomResourceStatusAsync(widget, default));

        Assert.Equal("8", written.ResourceVersion());
        Assert.True(written.Status!.Ready);
        Assert.Equal(("PUT", "/apis/example.io/v1/widgets/w1/status?fieldManager=tenant-operator"), (_http.Requests[0].Method, _http.Requests[0].PathAndQuery));
        Assert.Contains("\"resourceVersion\":\"7\"", _http.Requests[0].Body);
    }

    [Fact]
    public async Task GenericWritesOfACoreGroupKind_AreRefusedBeforeAnyRequest()
    {
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "team-a" } };

        var create = await Assert.ThrowsAsync<ArgumentException>(() => Writer().CreateAsync(configMap, default));
        var delete = await Assert.ThrowsAsync<ArgumentException>(() => Writer().DeleteAsync<V1ConfigMap>("team-a", "settings", null, default));

        Assert.Contains("ConfigMap is in the core API group", create.Message);
        Assert.Contains("ConfigMap is in the core API group", delete.Message);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task WritesThatCouldOverwriteAConcurrentChange_AreRefusedBeforeAnyRequest()
    {
        var status = await Assert.ThrowsAsync<ArgumentException>(
            () => Writer().ReplaceClusterCustomResourceStatusAsync(new Widget { Metadata = new V1ObjectMeta { Name = "w1" } }, default));
        var replace = await Assert.ThrowsAsync<ArgumentException>(() => Writer().ReplaceAsync(Policy(), default));

        Assert.Contains("metadata.resourceVersion", status.Message);
        Assert.Contains("metadata.resourceVersion", replace.Message);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task Event_CreateAndMergePatch_GoToTheEventsOfTheNamespace()
    {
        _http.Respond(HttpStatusCode.Created, """{"metadata":{"name":"e1","namespace":"default"}}""")
            .Respond(HttpStatusCode.OK, """{"metadata":{"name":"e1","namespace":"default"},"count":2}""");
        var kubernetesEvent = new Corev1Event { Metadata = new V1ObjectMeta { Name = "e1", NamespaceProperty = "default" }, InvolvedObject = new V1ObjectReference() };

        await Finish(Writer().CreateEventAsync(kubernetesEvent, default));
        var patched = await Finish(Writer().PatchEventAsync("default", "e1", new V1Patch("""{"count":2}""", V1Patch.PatchType.MergePatch), default));

        Assert.Equal(2, patched.Count);
        Assert.Equal("/api/v1/namespaces/default/events?fieldManager=tenant-operator", _http.Requests[0].PathAndQuery);
        Assert.Equal(("PATCH", "application/merge-patch+json"), (_http.Requests[1].Method, _http.Requests[1].ContentType));
    }

    [Fact]
    public async Task WriteBudget_HoldsWritesBeyondTheBurst_UntilTokensRefill()
    {
        for (var i = 0; i < 4; i++)
        {
            _http.Respond(HttpStatusCode.Created, CreatedPolicy);
        }

        var writer = Writer(new KubernetesWriterOptions { Qps = 10, Burst = 2 });
        var writes = Enumerable.Range(0, 4).Select(_ => writer.CreateAsync(Policy(), default)).ToArray();

        await Eventually.True(() => _http.RequestCount == 2, "the burst went out");
        Assert.Equal(2, writer.Budget.Waiting);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.True(() => _http.RequestCount == 3, "one more after 100 ms (10 QPS)");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.True(() => _http.RequestCount == 4, "the last after 200 ms");
        await Task.WhenAll(writes);
    }
}
