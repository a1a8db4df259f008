using System.Text.Json.Nodes;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// Events, through core/v1 or events.k8s.io/v1: pkg/apis/core/validation/events.go (v1.32). Both versions are
/// validated on the core shape, with the internal field names in the paths (<c>reportingController</c>,
/// <c>involvedObject</c>). Through core/v1 only the legacy rules apply; events.k8s.io/v1 adds the strict ones and
/// makes the fields of a stored event immutable.
/// </summary>
internal sealed class EventKind(bool eventsV1) : BuiltInKind
{
    private const int ReportingInstanceLimit = 128;
    private const int ActionLimit = 128;
    private const int ReasonLimit = 128;
    private const int NoteLimit = 1024;

    public override GoStruct Type => eventsV1 ? EventsV1.Event : CoreV1.Event;

    /// <summary>Only events.k8s.io/v1 validates the metadata with core's ValidateObjectMeta.</summary>
    public override bool LegacyFinalizerNames => eventsV1;

    public override IEnumerable<StatusCause> Validate(BuiltInWrite write)
    {
        var core = ToCore(write.Object);
        var errors = LegacyErrors(core);
        if (!eventsV1)
        {
            return errors;
        }

        var old = write.Old is null ? null : ToCore(write.Old);
        if (old is null)
        {
            errors.AddRange(SeriesErrors(core));
            errors.AddRange(StrictCreateErrors(core));
        }
        else
        {
            if (!JsonNode.DeepEquals(core["series"], old["series"]))
            {
                errors.AddRange(SeriesErrors(core));
            }

            errors.AddRange(ImmutableErrors(core, old));
        }

        return errors;
    }

    private JsonObject ToCore(JsonObject view) => eventsV1 ? EventsV1Converter.Instance.ToStorage(view, "v1") : view;

    // legacyValidateEvent.
    private static List<StatusCause> LegacyErrors(JsonObject e)
    {
        var errors = new List<StatusCause>();
        var ns = Text(e["metadata"]?["namespace"]);
        var involvedNamespace = Text(e["involvedObject"]?["namespace"]);
        if (e["eventTime"] is null)
        {
            // Old-style events: the event's namespace must be the involved object's ("" or default for cluster objects).
            if (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            {
                errors.Add(FieldErrors.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
        }
        else
        {
            if (involvedNamespace.Length == 0 && ns is not ("default" or "kube-system"))
            {
                errors.Add(FieldErrors.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }

            var controller = Text(e["reportingComponent"]);
            if (controller.Length == 0)
            {
                errors.Add(FieldErrors.Required("reportingController"));
            }

            errors.AddRange(KubernetesNames.QualifiedNameErrors(controller).Select(m => FieldErrors.Invalid("reportingController", controller, m)));
            AddLengthErrors(errors, e, "reportingInstance", "reportingInstance", ReportingInstanceLimit, required: true);
            AddLengthErrors(errors, e, "action", "action", ActionLimit, required: true);
            AddLengthErrors(errors, e, "reason", "reason", ReasonLimit, required: true);
            AddLengthErrors(errors, e, "message", "message", NoteLimit, required: false);
        }

        errors.AddRange(KubernetesNames.Dns1123SubdomainErrors(ns).Select(m => FieldErrors.Invalid("namespace", ns, m)));
        return errors;
    }

    private static void AddLengthErrors(List<StatusCause> errors, JsonObject e, string field, string path, int limit, bool required)
    {
        var value = Text(e[field]);
        if (required && value.Length == 0)
        {
            errors.Add(FieldErrors.Required(path));
        }

        // Go's len counts bytes.
        if (System.Text.Encoding.UTF8.GetByteCount(value) > limit)
        {
            errors.Add(FieldErrors.Invalid(path, string.Empty, $"can have at most {limit} characters"));
        }
    }

    private static IEnumerable<StatusCause> SeriesErrors(JsonObject e)
    {
        if (e["series"] is not JsonObject series)
        {
            yield break;
        }

        if ((JsonFields.Long(series["count"]) ?? 0) < 2)
        {
            yield return FieldErrors.Invalid("series.count", string.Empty, "should be at least 2");
        }

        if (series["lastObservedTime"] is null)
        {
            yield return FieldErrors.Required("series.lastObservedTime");
        }
    }

    private static IEnumerable<StatusCause> StrictCreateErrors(JsonObject e)
    {
        if (e["eventTime"] is null)
        {
            yield return FieldErrors.Required("eventTime");
        }

        var type = Text(e["type"]);
        if (type is not ("Normal" or "Warning"))
        {
            yield return FieldErrors.Invalid("type", string.Empty, $"has invalid value: {type}");
        }

        foreach (var field in new[] { "firstTimestamp", "lastTimestamp" })
        {
            if (e[field] is not null)
            {
                yield return FieldErrors.Invalid(field, string.Empty, "needs to be unset");
            }
        }

        if ((JsonFields.Long(e["count"]) ?? 0) != 0)
        {
            yield return FieldErrors.Invalid("count", string.Empty, "needs to be unset");
        }

        if (Text(e["source"]?["component"]).Length > 0 || Text(e["source"]?["host"]).Length > 0)
        {
            yield return FieldErrors.Invalid("source", string.Empty, "needs to be unset");
        }
    }

    // ValidateEventUpdate's ValidateImmutableField calls, in upstream order (reason is checked twice there too).
    private static IEnumerable<StatusCause> ImmutableErrors(JsonObject e, JsonObject old)
    {
        var fields = new (string Field, string Path, Func<JsonNode?, string> Print)[]
        {
            ("involvedObject", "involvedObject", ObjectReference),
            ("reason", "reason", Quoted),
            ("message", "message", Quoted),
            ("source", "source", EventSource),
            ("firstTimestamp", "firstTimestamp", TimeString),
            ("lastTimestamp", "lastTimestamp", TimeString),
            ("count", "count", n => (JsonFields.Long(n) ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("reason", "reason", Quoted),
            ("type", "type", Quoted),
            ("eventTime", "eventTime", TimeString),
            ("action", "action", Quoted),
            ("related", "related", n => n is null ? "null" : ObjectReference(n)),
            ("reportingComponent", "reportingController", Quoted),
            ("reportingInstance", "reportingInstance", Quoted),
        };
        foreach (var (field, path, print) in fields)
        {
            if (!JsonNode.DeepEquals(e[field], old[field]))
            {
                yield return new StatusCause(path, FieldErrorReasons.Invalid, $"Invalid value: {print(e[field])}: field is immutable");
            }
        }
    }

    private static string Text(JsonNode? node) => JsonFields.Text(node);

    private static string Quoted(JsonNode? node) => GoText.Quote(Text(node));

    // %#v of the internal core.ObjectReference and core.EventSource.
    private static string ObjectReference(JsonNode? node) =>
        "core.ObjectReference{" + string.Join(", ", new[] { ("Kind", "kind"), ("Namespace", "namespace"), ("Name", "name"), ("UID", "uid"), ("APIVersion", "apiVersion"), ("ResourceVersion", "resourceVersion"), ("FieldPath", "fieldPath") }
            .Select(f => $"{f.Item1}:{GoText.Quote(Text(node?[f.Item2]))}")) + "}";

    private static string EventSource(JsonNode? node) =>
        $"core.EventSource{{Component:{GoText.Quote(Text(node?["component"]))}, Host:{GoText.Quote(Text(node?["host"]))}}}";

    // metav1.Time and MicroTime print through time.Time.String(); kube-apiserver's local zone is taken to be UTC.
    private static string TimeString(JsonNode? node)
    {
        // Stored times are RFC 3339; Go's RFC 3339 parse also reads MicroTime's fraction.
        var time = node is not null && GoTimestamp.TryParse(Text(node), micro: false, out var parsed, out _) ? parsed : GoTimestamp.Zero;
        return time.GoString();
    }
}
