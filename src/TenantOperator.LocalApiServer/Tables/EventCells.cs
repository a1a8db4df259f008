using System.Text.Json.Nodes;
using static TenantOperator.LocalApiServer.Tables.ObjectFields;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>
/// The cells kubectl shows for events: LAST SEEN, TYPE, REASON, OBJECT (<c>kind/name</c>), MESSAGE, and for
/// <c>-o wide</c> SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME. Both core/v1 events and events.k8s.io/v1 events
/// (regarding, note, deprecated* fields, series) are understood.
/// </summary>
internal static class EventCells
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "", "Time since the event was last observed."),
        new("Type", "string", "", "Type of the event (Normal, Warning)."),
        new("Reason", "string", "", "Short, machine-readable reason for the event."),
        new("Object", "string", "", "The object the event is about."),
        new("Subobject", "string", "", "The part of the object the event is about (fieldPath).", 1),
        new("Source", "string", "", "The component that reported the event.", 1),
        new("Message", "string", "", "Human-readable description of the event."),
        new("First Seen", "string", "", "Time since the event was first observed.", 1),
        new("Count", "string", "", "How many times the event was observed.", 1),
        new("Name", "string", "name", TableColumn.NameDescription, 1),
    ];

    public static JsonArray Cells(JsonObject evt, DateTimeOffset now)
    {
        var isEventsV1 = evt.ContainsKey("regarding") || evt.ContainsKey("note") || Text(evt["apiVersion"]).StartsWith("events.k8s.io/", StringComparison.Ordinal);
        var involved = (isEventsV1 ? evt["regarding"] : evt["involvedObject"]) as JsonObject;
        var source = (isEventsV1 ? evt["deprecatedSource"] : evt["source"]) as JsonObject;
        var firstTimestamp = Text(isEventsV1 ? evt["deprecatedFirstTimestamp"] : evt["firstTimestamp"]);
        var lastTimestamp = Text(isEventsV1 ? evt["deprecatedLastTimestamp"] : evt["lastTimestamp"]);
        var count = Integer(isEventsV1 ? evt["deprecatedCount"] : evt["count"]);
        var message = Text(isEventsV1 ? evt["note"] : evt["message"]);

        var firstSeen = firstTimestamp.Length > 0 ? HumanDuration.Since(firstTimestamp, now) : HumanDuration.Since(Text(evt["eventTime"]), now);
        var lastSeen = lastTimestamp.Length > 0 ? HumanDuration.Since(lastTimestamp, now) : firstSeen;
        if (evt["series"] is JsonObject series)
        {
            lastSeen = HumanDuration.Since(Text(series["lastObservedTime"]), now);
            count = Integer(series["count"]);
        }
        else if (count == 0)
        {
            count = 1;
        }
        var kind = Text(involved?["kind"]).ToLowerInvariant();
        var name = Text(involved?["name"]);
        var component = FirstNonEmpty(Text(source?["component"]), Text(evt["reportingController"]));
        var host = FirstNonEmpty(Text(source?["host"]), Text(evt["reportingInstance"]));
        return
        [
            lastSeen,
            Text(evt["type"]),
            Text(evt["reason"]),
            name.Length > 0 ? $"{kind}/{name}" : kind,
            Text(involved?["fieldPath"]),
            host.Length == 0 ? component : component + ", " + host,
            message.Trim(),
            firstSeen,
            count,
            Name(evt),
        ];
    }

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;
}
