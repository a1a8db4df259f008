using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/api/events/v1 Event, the events.k8s.io view of core/v1 Events.</summary>
internal static class EventsV1
{
    public static GoStruct Event { get; } = MetaV1.Kind("v1", "Event",
        Always("eventTime", GoTime.MicroTime),
        Pointer("series", Struct("v1", "EventSeries",
            Always("count", GoInt32),
            Always("lastObservedTime", GoTime.MicroTime))),
        Field("reportingController", Str),
        Field("reportingInstance", Str),
        Field("action", Str),
        Field("reason", Str),
        Field("regarding", CoreV1.ObjectReference),
        Pointer("related", CoreV1.ObjectReference),
        Field("note", Str),
        Field("type", Str),
        Field("deprecatedSource", CoreV1.EventSource),
        Field("deprecatedFirstTimestamp", GoTime.Time),
        Field("deprecatedLastTimestamp", GoTime.Time),
        Field("deprecatedCount", GoInt32));
}
