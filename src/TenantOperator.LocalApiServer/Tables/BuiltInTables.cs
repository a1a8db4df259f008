using System.Globalization;
using System.Text.Json.Nodes;
using static TenantOperator.LocalApiServer.Tables.ObjectFields;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>
/// The columns kube-apiserver serves for the built-in resources this server stores, as kubectl shows them
/// against a cluster: namespaces (NAME STATUS AGE), pods, events, configmaps (NAME DATA AGE), secrets,
/// serviceaccounts (NAME SECRETS AGE), networkpolicies (NAME POD-SELECTOR AGE), leases (NAME HOLDER AGE),
/// rolebindings/clusterrolebindings (NAME ROLE AGE); everything else — roles, clusterroles, CRDs, unknown
/// resources — gets the apiserver's default NAME / CREATED AT table.
/// </summary>
internal static class BuiltInTables
{
    public static ITableConvertor Create(string group, string resource, TimeProvider time) => (group, resource) switch
    {
        ("", "namespaces") => Simple(time, [new("Status", "string", "", "The status of the namespace")], (o, _) => [Text(o["status"]?["phase"])]),
        ("", "pods") => new BuiltInTableConvertor(PodCells.Columns, PodCells.Cells, PodCells.Conditions, time),
        ("", "events") or ("events.k8s.io", "events") => new BuiltInTableConvertor(EventCells.Columns, EventCells.Cells, null, time),
        ("", "configmaps") => Simple(time, [new("Data", "string", "", "Number of entries in data and binaryData.")],
            (o, _) => [(long)(Count(o["data"]) + Count(o["binaryData"]))]),
        ("", "secrets") => Simple(time,
            [new("Type", "string", "", "The type of the secret."), new("Data", "string", "", "Number of entries in data.")],
            (o, _) => [Text(o["type"]), (long)Count(o["data"])]),
        ("", "serviceaccounts") => Simple(time, [new("Secrets", "string", "", "Number of secrets the service account references.")],
            (o, _) => [(long)Count(o["secrets"])]),
        ("networking.k8s.io", "networkpolicies") => Simple(time, [new("Pod-Selector", "string", "", "The pods of the namespace the policy selects.")],
            (o, _) => [LabelSelectorText.Format(o["spec"]?["podSelector"])]),
        ("coordination.k8s.io", "leases") => Simple(time, [new("Holder", "string", "", "The identity of the lease's current holder.")],
            (o, _) => [Text(o["spec"]?["holderIdentity"])]),
        ("rbac.authorization.k8s.io", "rolebindings" or "clusterrolebindings") => RoleBindings(time),
        _ => DefaultTable(time),
    };

    /// <summary>The apiserver's default table: NAME and CREATED AT (an RFC 3339 UTC timestamp, not an age).</summary>
    public static ITableConvertor DefaultTable(TimeProvider time) => new BuiltInTableConvertor(
        [TableColumn.NameColumn, new("Created At", "date", "", "The time the server created the object (metadata.creationTimestamp).")],
        (o, _) => [Name(o), CreatedAt(o)],
        null,
        time);

    // NAME, the given columns, then AGE.
    private static BuiltInTableConvertor Simple(TimeProvider time, TableColumn[] middle, Func<JsonObject, DateTimeOffset, JsonNode?[]> cells) =>
        new(
            [TableColumn.NameColumn, .. middle, TableColumn.AgeColumn],
            (o, now) => [Name(o), .. cells(o, now), Age(o, now)],
            null,
            time);

    private static BuiltInTableConvertor RoleBindings(TimeProvider time) => new(
        [
            TableColumn.NameColumn,
            new("Role", "string", "", "The role the binding grants (kind/name)."),
            TableColumn.AgeColumn,
            new("Users", "string", "", "Users in the binding.", 1),
            new("Groups", "string", "", "Groups in the binding.", 1),
            new("ServiceAccounts", "string", "", "Service accounts in the binding (namespace/name).", 1),
        ],
        (o, now) =>
        {
            var subjects = (o["subjects"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            string Join(string kind, Func<JsonObject, string> format) =>
                string.Join(", ", subjects.Where(s => Text(s["kind"]) == kind).Select(format));
            return
            [
                Name(o),
                $"{Text(o["roleRef"]?["kind"])}/{Text(o["roleRef"]?["name"])}",
                Age(o, now),
                Join("User", s => Text(s["name"])),
                Join("Group", s => Text(s["name"])),
                Join("ServiceAccount", s => $"{Text(s["namespace"])}/{Text(s["name"])}"),
            ];
        },
        null,
        time);

    private static string CreatedAt(JsonObject obj) =>
        HumanDuration.TryParseTimestamp(Text(obj["metadata"]?["creationTimestamp"]), out var created)
            ? created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "0001-01-01T00:00:00Z";
}
