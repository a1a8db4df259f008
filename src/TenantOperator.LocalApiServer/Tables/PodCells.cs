using System.Text.Json.Nodes;
using static TenantOperator.LocalApiServer.Tables.ObjectFields;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>
/// The cells kubectl shows for a pod: READY (ready/total containers), STATUS (the phase refined by container
/// states: init progress, waiting or terminated reasons, Terminating), RESTARTS, AGE, and for <c>-o wide</c> IP,
/// NODE, NOMINATED NODE and READINESS GATES. Completed pods carry the row condition kubectl uses.
/// </summary>
internal static class PodCells
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumn.AgeColumn,
        new("IP", "string", "", "The IP address allocated to the pod.", 1),
        new("Node", "string", "", "The node the pod is scheduled to.", 1),
        new("Nominated Node", "string", "", "The node the scheduler nominated for the pod while it preempts others.", 1),
        new("Readiness Gates", "string", "", "How many of the pod's readiness gates are true.", 1),
    ];

    public static JsonArray Cells(JsonObject pod, DateTimeOffset now)
    {
        var spec = pod["spec"] as JsonObject;
        var status = pod["status"] as JsonObject;
        var containers = (spec?["containers"] as JsonArray)?.Count ?? 0;
        var initContainers = spec?["initContainers"] as JsonArray;
        var phase = Text(status?["phase"]);
        var reason = Text(status?["reason"]) is { Length: > 0 } statusReason ? statusReason : phase;
        var restarts = 0L;
        var ready = 0;
        var initializing = false;

        var initStatuses = (status?["initContainerStatuses"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += Integer(container["restartCount"]);
            var state = container["state"] as JsonObject;
            if (state?["terminated"] is JsonObject terminated && Integer(terminated["exitCode"]) == 0)
            {
                continue;
            }
            if (state?["terminated"] is JsonObject failed)
            {
                reason = Text(failed["reason"]) is { Length: > 0 } r ? "Init:" + r
                    : Integer(failed["signal"]) != 0 ? $"Init:Signal:{Integer(failed["signal"])}" : $"Init:ExitCode:{Integer(failed["exitCode"])}";
            }
            else if (state?["waiting"] is JsonObject waiting && Text(waiting["reason"]) is { Length: > 0 } waitReason && waitReason != "PodInitializing")
            {
                reason = "Init:" + waitReason;
            }
            else
            {
                reason = $"Init:{i}/{initContainers?.Count ?? initStatuses.Count}";
            }
            initializing = true;
            break;
        }

        if (!initializing)
        {
            restarts = 0;
            var hasRunning = false;
            var statuses = (status?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Integer(container["restartCount"]);
                var state = container["state"] as JsonObject;
                if (state?["waiting"] is JsonObject waiting && Text(waiting["reason"]) is { Length: > 0 } waitReason)
                {
                    reason = waitReason;
                }
                else if (state?["terminated"] is JsonObject terminated)
                {
                    reason = Text(terminated["reason"]) is { Length: > 0 } r ? r
                        : Integer(terminated["signal"]) != 0 ? $"Signal:{Integer(terminated["signal"])}" : $"ExitCode:{Integer(terminated["exitCode"])}";
                }
                else if (IsTrue(container["ready"]) && state?["running"] is JsonObject)
                {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason == "Completed" && hasRunning)
            {
                reason = HasReadyCondition(status) ? "Running" : "NotReady";
            }
        }

        if (pod["metadata"]?["deletionTimestamp"] is not null && phase is not ("Succeeded" or "Failed"))
        {
            reason = Text(status?["reason"]) == "NodeLost" ? "Unknown" : "Terminating";
        }

        var podIP = (status?["podIPs"] as JsonArray)?.FirstOrDefault()?["ip"] is { } ip ? Text(ip) : Text(status?["podIP"]);
        var node = Text(spec?["nodeName"]);
        var nominated = Text(status?["nominatedNodeName"]);
        return
        [
            Name(pod),
            $"{ready}/{containers}",
            reason,
            restarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Age(pod, now),
            podIP.Length > 0 ? podIP : "<none>",
            node.Length > 0 ? node : "<none>",
            nominated.Length > 0 ? nominated : "<none>",
            ReadinessGates(spec, status),
        ];
    }

    /// <summary>The row condition kubectl uses to recognise finished pods.</summary>
    public static JsonArray? Conditions(JsonObject pod) => Text(pod["status"]?["phase"]) switch
    {
        "Succeeded" => [new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = "Succeeded", ["message"] = "The pod has completed successfully." }],
        "Failed" => [new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = "Failed", ["message"] = "The pod failed." }],
        _ => null,
    };

    private static bool HasReadyCondition(JsonObject? status) =>
        (status?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => Text(c["type"]) == "Ready" && Text(c["status"]) == "True") ?? false;

    private static string ReadinessGates(JsonObject? spec, JsonObject? status)
    {
        if (spec?["readinessGates"] is not JsonArray { Count: > 0 } gates)
        {
            return "<none>";
        }
        var conditions = (status?["conditions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var satisfied = gates.OfType<JsonObject>().Count(gate =>
            conditions.FirstOrDefault(c => Text(c["type"]) == Text(gate["conditionType"])) is { } condition && Text(condition["status"]) == "True");
        return $"{satisfied}/{gates.Count}";
    }
}
