using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.LocalApiServer.Tables;

namespace TenantOperator.LocalApiServer.Tests.Tables;

public sealed class BuiltInTableTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));

    private const string Created = "2026-03-10T11:00:00Z";

    private JsonObject Table(string group, string resource, string objectJson) =>
        TableConvertors.ForBuiltIn(group, resource, _time).ToTable([JsonNode.Parse(objectJson)!.AsObject()], "5", null, TableIncludeObject.None);

    private static string[] Headers(JsonObject table) => [.. table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())];

    private static string Cells(JsonObject table) => table["rows"]![0]!["cells"]!.ToJsonString();

    [Fact]
    public void Namespaces_NameStatusAge()
    {
        var table = Table("", "namespaces", $$$"""{"metadata": {"name": "team-a", "creationTimestamp": "{{{Created}}}"}, "status": {"phase": "Active"}}""");
        Assert.Equal(["Name", "Status", "Age"], Headers(table));
        Assert.Equal("""["team-a","Active","60m"]""", Cells(table));
    }

    [Theory]
    [InlineData("{}", "\\u003Cnone\\u003E")]
    [InlineData("""{"matchLabels": {"tier": "web", "app": "shop"}}""", "app=shop,tier=web")]
    [InlineData("""{"matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]}, {"key": "legacy", "operator": "DoesNotExist"}, {"key": "app", "operator": "Exists"}]}""", "app,env in (dev,prod),!legacy")]
    [InlineData("""{"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["x"]}]}""", "env notin (x)")]
    [InlineData("""{"matchExpressions": [{"key": "env", "operator": "In", "values": []}]}""", "\\u003Cerror\\u003E")]
    public void NetworkPolicies_ShowThePodSelector(string selector, string expected)
    {
        var table = Table("networking.k8s.io", "networkpolicies", $$$"""{"metadata": {"name": "deny", "creationTimestamp": "{{{Created}}}"}, "spec": {"podSelector": {{{selector}}}}}""");
        Assert.Equal(["Name", "Pod-Selector", "Age"], Headers(table));
        Assert.Equal($"[\"deny\",\"{expected}\",\"60m\"]", Cells(table));
    }

    [Fact]
    public void ConfigMaps_CountDataAndBinaryData()
    {
        var table = Table("", "configmaps", $$$"""{"metadata": {"name": "cfg", "creationTimestamp": "{{{Created}}}"}, "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}}""");
        Assert.Equal(["Name", "Data", "Age"], Headers(table));
        Assert.Equal("""["cfg",3,"60m"]""", Cells(table));
    }

    [Fact]
    public void ServiceAccounts_Secrets_Leases_Holder()
    {
        Assert.Equal("""["default",0,"60m"]""", Cells(Table("", "serviceaccounts", $$$"""{"metadata": {"name": "default", "creationTimestamp": "{{{Created}}}"}}""")));
        var lease = Table("coordination.k8s.io", "leases", $$$"""{"metadata": {"name": "tenant-operator", "creationTimestamp": "{{{Created}}}"}, "spec": {"holderIdentity": "pod-1"}}""");
        Assert.Equal(["Name", "Holder", "Age"], Headers(lease));
        Assert.Equal("""["tenant-operator","pod-1","60m"]""", Cells(lease));
    }

    [Fact]
    public void RoleBindings_ShowTheRoleAndWideSubjects()
    {
        var table = Table("rbac.authorization.k8s.io", "rolebindings", $$$"""
            {"metadata": {"name": "rb", "creationTimestamp": "{{{Created}}}"}, "roleRef": {"kind": "ClusterRole", "name": "edit"},
             "subjects": [{"kind": "User", "name": "alice"}, {"kind": "ServiceAccount", "name": "op", "namespace": "sys"}, {"kind": "Group", "name": "devs"}, {"kind": "User", "name": "bob"}]}
            """);
        Assert.Equal(["Name", "Role", "Age", "Users", "Groups", "ServiceAccounts"], Headers(table));
        Assert.Equal("""["rb","ClusterRole/edit","60m","alice, bob","devs","sys/op"]""", Cells(table));
        Assert.Equal(1, table["columnDefinitions"]![3]!["priority"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("rbac.authorization.k8s.io", "roles")]
    [InlineData("rbac.authorization.k8s.io", "clusterroles")]
    [InlineData("apiextensions.k8s.io", "customresourcedefinitions")]
    [InlineData("example.com", "unknowns")]
    public void OtherResources_GetNameAndCreatedAt(string group, string resource)
    {
        var table = Table(group, resource, $$$"""{"metadata": {"name": "x", "creationTimestamp": "2026-03-10T11:00:00+02:00"}}""");
        Assert.Equal(["Name", "Created At"], Headers(table));
        Assert.Equal("date", table["columnDefinitions"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("""["x","2026-03-10T09:00:00Z"]""", Cells(table));
    }

    [Fact]
    public void Pods_ShowReadinessStatusRestartsAndWideColumns()
    {
        var table = Table("", "pods", $$$"""
            {"metadata": {"name": "web-1", "creationTimestamp": "{{{Created}}}"},
             "spec": {"nodeName": "node-a", "containers": [{"name": "app"}, {"name": "sidecar"}]},
             "status": {"phase": "Running", "podIP": "10.0.0.7",
               "containerStatuses": [
                 {"name": "app", "ready": true, "restartCount": 2, "state": {"running": {} } },
                 {"name": "sidecar", "ready": false, "restartCount": 1, "state": {"waiting": {"reason": "CrashLoopBackOff"} } }]} }
            """);
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], Headers(table));
        Assert.Equal("""["web-1","1/2","CrashLoopBackOff","3","60m","10.0.0.7","node-a","\u003Cnone\u003E","\u003Cnone\u003E"]""", Cells(table));
    }

    [Fact]
    public void Pods_PendingInitializingTerminatingAndCompleted()
    {
        Assert.Equal("""["p","0/1","Pending","0","60m","\u003Cnone\u003E","\u003Cnone\u003E","\u003Cnone\u003E","\u003Cnone\u003E"]""",
            Cells(Table("", "pods", $$$"""{"metadata": {"name": "p", "creationTimestamp": "{{{Created}}}"}, "spec": {"containers": [{"name": "a"}]}, "status": {"phase": "Pending"}}""")));
        Assert.Contains("\"Init:0/2\"", Cells(Table("", "pods", $$$"""
            {"metadata": {"name": "p", "creationTimestamp": "{{{Created}}}"}, "spec": {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "a"}]},
             "status": {"phase": "Pending", "initContainerStatuses": [{"name": "i1", "state": {"running": {} } }]}}
            """)), StringComparison.Ordinal);
        Assert.Contains("\"Terminating\"", Cells(Table("", "pods", $$$"""
            {"metadata": {"name": "p", "creationTimestamp": "{{{Created}}}", "deletionTimestamp": "{{{Created}}}"}, "spec": {"containers": [{"name": "a"}]}, "status": {"phase": "Running"}}
            """)), StringComparison.Ordinal);
        var done = Table("", "pods", $$$"""
            {"metadata": {"name": "p", "creationTimestamp": "{{{Created}}}"}, "spec": {"containers": [{"name": "a"}]},
             "status": {"phase": "Succeeded", "containerStatuses": [{"name": "a", "state": {"terminated": {"reason": "Completed", "exitCode": 0} } }]}}
            """);
        Assert.Contains("\"Completed\"", Cells(done), StringComparison.Ordinal);
        Assert.Equal("Completed", done["rows"]![0]!["conditions"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void CoreEvents_ShowLastSeenTypeReasonObjectMessage()
    {
        var table = Table("", "events", """
            {"metadata": {"name": "team-a.1", "creationTimestamp": "2026-03-10T11:00:00Z"},
             "involvedObject": {"kind": "TenantIsolation", "name": "team-a", "fieldPath": ""},
             "reason": "DriftRepaired", "message": " put back tenant-isolation-dns ", "type": "Normal",
             "source": {"component": "tenant-operator"}, "firstTimestamp": "2026-03-10T11:00:00Z", "lastTimestamp": "2026-03-10T11:58:00Z", "count": 4}
            """);
        Assert.Equal(["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"], Headers(table));
        Assert.Equal("""["2m","Normal","DriftRepaired","tenantisolation/team-a","","tenant-operator","put back tenant-isolation-dns","60m",4,"team-a.1"]""", Cells(table));
    }

    [Fact]
    public void EventsV1_AreReadThroughTheirNewFieldNames()
    {
        var table = Table("events.k8s.io", "events", """
            {"apiVersion": "events.k8s.io/v1", "metadata": {"name": "e1"}, "regarding": {"kind": "Namespace", "name": "team-a"},
             "reason": "Isolated", "note": "done", "type": "Normal", "eventTime": "2026-03-10T11:59:30.000000Z",
             "reportingController": "tenant-operator", "reportingInstance": "pod-1"}
            """);
        Assert.Equal("""["30s","Normal","Isolated","namespace/team-a","","tenant-operator, pod-1","done","30s",1,"e1"]""", Cells(table));
    }

    [Fact]
    public void MissingCreationTimestamp_IsUnknownAge()
    {
        Assert.Equal("""["x","","\u003Cunknown\u003E"]""", Cells(Table("", "namespaces", """{"metadata": {"name": "x"}}""")));
    }
}
