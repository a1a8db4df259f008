using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BuiltIns;

/// <summary>
/// Namespaces, Leases and Events as kube-apiserver 1.32 validates them (pkg/apis/core/validation,
/// pkg/apis/coordination/validation, core/validation/events.go), with the ObjectMeta rules every kind shares.
/// </summary>
public sealed class NamespaceLeaseEventValidationTests : IAsyncLifetime
{
    private const string Leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
    private const string CoreEvents = "/api/v1/namespaces/default/events";
    private const string EventsV1 = "/apis/events.k8s.io/v1/namespaces/default/events";
    private const string NotStandard = "name is neither a standard finalizer name nor is it fully qualified";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("team.a", "metadata.name: Invalid value: \"team.a\": must not contain dots")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "metadata.name: Invalid value: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": must be no more than 63 characters")]
    [InlineData("Team-A", "metadata.name: Invalid value: \"Team-A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    public async Task NamespaceName_IsAnRfc1123Label(string name, string error)
    {
        var (code, status, _) = await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace(name));
        Assert.Equal(422, code);
        Assert.Equal($"Namespace \"{name}\" is invalid: {error}", (string?)status["message"]);
    }

    [Fact]
    public async Task NamespaceLabels_KeyAndValueRulesBoth()
    {
        var longValue = new string('v', 64);
        var (code, status, _) = await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace("n", $$"""{"bad key":"ok","tier":"{{longValue}}"}"""));
        Assert.Equal(422, code);
        var messages = status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        Assert.Equal(
        [
            "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            $"metadata.labels: Invalid value: \"{longValue}\": must be no more than 63 characters",
        ], messages);
    }

    [Fact]
    public async Task NamespaceSpecFinalizers_KeepWhatTheClientGave_AndMustBeQualified()
    {
        var (code, created, _) = await _h.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"kept"},"spec":{"finalizers":["example.com/keep"]}}""");
        Assert.Equal(201, code);
        Assert.Equal("""["example.com/keep","kubernetes"]""", created["spec"]!["finalizers"]!.ToJsonString());

        var (refused, status, _) = await _h.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"odd"},"spec":{"finalizers":["custom"]}}""");
        Assert.Equal(422, refused);
        Assert.Equal($"Namespace \"odd\" is invalid: spec.finalizers: Invalid value: \"custom\": {NotStandard}", (string?)status["message"]);
    }

    [Fact]
    public async Task NamespaceFinalize_ChecksEachFinalizerAtItsIndex()
    {
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace("n"))).Code);
        var (code, status, _) = await _h.PutAsync("/api/v1/namespaces/n/finalize", """{"metadata":{"name":"n"},"spec":{"finalizers":["kubernetes","custom"]}}""");
        Assert.Equal(422, code);
        Assert.Equal($"Namespace \"n\" is invalid: spec.finalizers[1]: Invalid value: \"custom\": {NotStandard}", (string?)status["message"]);
    }

    [Fact]
    public async Task NamespaceStatus_PhaseDefaultsToActive_AndMayNotBeTerminatingWithoutADeletion()
    {
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace("n"))).Code);
        var (code, updated, _) = await _h.PutAsync("/api/v1/namespaces/n/status", """{"metadata":{"name":"n"},"status":{"conditions":[]}}""");
        Assert.Equal(200, code);
        Assert.Equal("Active", (string?)updated["status"]!["phase"]);

        var (refused, status, _) = await _h.PutAsync("/api/v1/namespaces/n/status", """{"metadata":{"name":"n"},"status":{"phase":"Terminating"}}""");
        Assert.Equal(422, refused);
        Assert.Equal("Namespace \"n\" is invalid: status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty", (string?)status["message"]);
    }

    [Fact]
    public async Task MetadataFinalizerWithoutSlash_MustBeStandard_ForCoreKindsButNotForLeases()
    {
        var (code, status, _) = await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("c", extraMetadata: ",\"finalizers\":[\"custom\"]"));
        Assert.Equal(422, code);
        Assert.Equal($"ConfigMap \"c\" is invalid: metadata.finalizers[0]: Invalid value: \"custom\": {NotStandard}", (string?)status["message"]);
        Assert.Equal(201, (await _h.PostAsync(Leases, """{"metadata":{"name":"l","finalizers":["custom"]}}""")).Code);
    }

    [Fact]
    public async Task AnnotationKeysAndOwnerReferences_AreValidatedOnEveryKind()
    {
        var body = """{"metadata":{"name":"l","annotations":{"Example.com/Note":"ok","bad key":"x"},"ownerReferences":[{"apiVersion":"","kind":"Pod","name":"p","uid":""}]}}""";
        var (code, status, _) = await _h.PostAsync(Leases, body);
        Assert.Equal(422, code);
        var messages = status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        Assert.Equal(
        [
            "metadata.annotations: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
            "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
        ], messages);
    }

    [Theory]
    [InlineData("""{"leaseDurationSeconds":0}""", "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0")]
    [InlineData("""{"leaseTransitions":-1}""", "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0")]
    public async Task LeaseSpec_IsValidated(string spec, string error)
    {
        var (code, status, _) = await _h.PostAsync(Leases, $$"""{"metadata":{"name":"l"},"spec":{{spec}}}""");
        Assert.Equal(422, code);
        Assert.Equal($"Lease.coordination.k8s.io \"l\" is invalid: {error}", (string?)status["message"]);
    }

    [Fact]
    public async Task LeaseStrategyAndPreferredHolder_AreDroppedWhileTheirFeatureIsOff()
    {
        var (code, created, _) = await _h.PostAsync(Leases, """{"metadata":{"name":"l"},"spec":{"holderIdentity":"a","strategy":"OldestEmulationVersion","preferredHolder":"b"}}""");
        Assert.Equal(201, code);
        Assert.Equal("""{"holderIdentity":"a"}""", created["spec"]!.ToJsonString());
    }

    [Fact]
    public async Task CoreEvent_ForAnObjectOfAnotherNamespace_IsRefused()
    {
        var (code, status, _) = await _h.PostAsync(CoreEvents, """{"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p","namespace":"other"},"reason":"R"}""");
        Assert.Equal(422, code);
        Assert.Equal("Event \"e\" is invalid: involvedObject.namespace: Invalid value: \"other\": does not match event.namespace", (string?)status["message"]);
    }

    [Fact]
    public async Task CoreEventWithAnEventTime_NeedsItsReportingFields()
    {
        var (code, status, _) = await _h.PostAsync(CoreEvents, """{"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"eventTime":"2025-03-01T12:00:00.000000Z"}""");
        Assert.Equal(422, code);
        var messages = status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        Assert.Equal(
        [
            "reportingController: Required value",
            "reportingController: Invalid value: \"\": name part must be non-empty",
            "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "reportingInstance: Required value",
            "action: Required value",
            "reason: Required value",
        ], messages);
    }

    [Fact]
    public async Task CoreEventName_IsAPathSegmentOnly()
    {
        var body = """{"metadata":{"name":"Pod_p.17f0a"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"reason":"R"}""";
        Assert.Equal(201, (await _h.PostAsync(CoreEvents, body)).Code);
        var (code, _, _) = await _h.PostAsync(EventsV1, ValidEventsV1("Pod_p.17f0b"));
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task EventsV1Create_AppliesTheStrictRules()
    {
        Assert.Equal(201, (await _h.PostAsync(EventsV1, ValidEventsV1("ok"))).Code);
        var bad = JsonNode.Parse(ValidEventsV1("bad"))!.AsObject();
        bad["type"] = "Info";
        bad["deprecatedCount"] = 3;
        bad["deprecatedSource"] = new JsonObject { ["component"] = "old" };
        var (code, status, _) = await _h.PostAsync(EventsV1, bad.ToJsonString());
        Assert.Equal(422, code);
        var messages = status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        Assert.Equal(
        [
            "type: Invalid value: \"\": has invalid value: Info",
            "count: Invalid value: \"\": needs to be unset",
            "source: Invalid value: \"\": needs to be unset",
        ], messages);
        Assert.Equal("Event.events.k8s.io \"bad\" is invalid: [type: Invalid value: \"\": has invalid value: Info, count: Invalid value: \"\": needs to be unset, source: Invalid value: \"\": needs to be unset]", (string?)status["message"]);
    }

    [Fact]
    public async Task EventsV1Update_MayNotChangeWhatTheEventSaid()
    {
        Assert.Equal(201, (await _h.PostAsync(EventsV1, ValidEventsV1("e"))).Code);
        var (code, status, _) = await _h.PatchAsync(EventsV1 + "/e", """{"note":"changed","series":{"count":2,"lastObservedTime":"2025-03-01T12:05:00.000000Z"}}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("Event.events.k8s.io \"e\" is invalid: message: Invalid value: \"changed\": field is immutable", (string?)status["message"]);

        // A series alone may be added: that is how a recorder counts repeats.
        var (ok, updated, _) = await _h.PatchAsync(EventsV1 + "/e", """{"series":{"count":2,"lastObservedTime":"2025-03-01T12:05:00.000000Z"}}""", "application/merge-patch+json");
        Assert.Equal(200, ok);
        Assert.Equal(2L, (long?)updated["series"]!["count"]);
    }

    private static string ValidEventsV1(string name) => $$"""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"{{name}}"},
         "eventTime":"2025-03-01T12:00:00.000000Z","reportingController":"example.com/controller","reportingInstance":"c-1",
         "action":"Reconcile","reason":"Reconciled","regarding":{"kind":"Pod","name":"p","namespace":"default"},"note":"done","type":"Normal"}
        """;
}
