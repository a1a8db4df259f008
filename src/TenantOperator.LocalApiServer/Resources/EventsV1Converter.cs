using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>
/// Serves core/v1 Events as events.k8s.io/v1 Events. Both versions are views of one store, as in
/// Kubernetes, so an event written through either API shows up in <c>kubectl describe</c>.
/// </summary>
internal sealed class EventsV1Converter : IObjectConverter
{
    // (core/v1 field, events.k8s.io/v1 field); fields with the same name in both are copied as they are.
    private static readonly (string Core, string EventsV1)[] Renamed =
    [
        ("involvedObject", "regarding"),
        ("message", "note"),
        ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ];

    public static EventsV1Converter Instance { get; } = new();

    public bool IsIdentity => false;

    public JsonObject ToView(JsonObject stored, string apiVersion) => Rename(stored, apiVersion, toEventsV1: true);

    public JsonObject ToStorage(JsonObject view, string storageApiVersion) => Rename(view, storageApiVersion, toEventsV1: false);

    /// <summary>The events.k8s.io/v1 name of a core/v1 field path's first segment, for field selectors.</summary>
    public static string CoreFieldFor(string eventsV1Field)
    {
        foreach (var (core, eventsV1) in Renamed)
        {
            if (eventsV1Field == eventsV1 || eventsV1Field.StartsWith(eventsV1 + ".", StringComparison.Ordinal))
            {
                return core + eventsV1Field[eventsV1.Length..];
            }
        }

        return eventsV1Field;
    }

    private static JsonObject Rename(JsonObject source, string apiVersion, bool toEventsV1)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            var name = key;
            foreach (var (core, eventsV1) in Renamed)
            {
                if (toEventsV1 && key == core)
                {
                    name = eventsV1;
                }
                else if (!toEventsV1 && key == eventsV1)
                {
                    name = core;
                }
            }

            result[name] = value?.DeepClone();
        }

        result["apiVersion"] = apiVersion;

        // kube-apiserver converts between the Go structs, so each side reads as Go writes its own version's struct.
        var typed = TypedDecoder.Decode(result, toEventsV1 ? EventsV1.Event : CoreV1.Event);
        return typed.Error is null ? typed.Encoded : result;
    }
}
