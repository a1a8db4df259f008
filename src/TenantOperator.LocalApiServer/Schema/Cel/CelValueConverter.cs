using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>
/// Turns JSON into the values CEL rules see, typed by the schema as Kubernetes types them: integer fields are
/// ints, number fields doubles (even when written as 1), strings with format date or date-time are timestamps,
/// with format duration durations; objects and maps are maps with only the present fields (so <c>has()</c>
/// works); at the resource root only apiVersion, kind and metadata.name/generateName are visible of the metadata.
/// </summary>
internal static class CelValueConverter
{
    public static object? ToCel(JsonNode? value, SchemaNode? schema, bool isResourceRoot = false)
    {
        switch (GoValues.KindOf(value))
        {
            case GoKind.Null:
                return null;
            case GoKind.Bool:
                return GoValues.TryGetBool(value, out var flag) && flag;
            case GoKind.Int:
                GoValues.TryGetInt64(value, out var integer);
                return schema?.Type == "number" ? (object)(double)integer : integer;
            case GoKind.Float:
                var number = GoValues.GetDouble(value);
                return schema?.Type == "integer" && Math.Floor(number) == number ? (object)(long)number : number;
            case GoKind.String:
                return ConvertString(value!.GetValue<string>(), schema);
            case GoKind.Slice:
                return ((JsonArray)value!).Select(item => ToCel(item, schema?.Items)).ToList();
            default:
                return ConvertObject((JsonObject)value!, schema, isResourceRoot);
        }
    }

    private static object ConvertString(string text, SchemaNode? schema)
    {
        switch (schema?.Format)
        {
            case "date" when DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date):
                return date;
            case "date-time" when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp):
                return timestamp;
            case "duration" when TryParseGoDuration(text, out var duration):
                return Duration.FromTimeSpan(duration);
            default:
                return text;
        }
    }

    private static CelMap ConvertObject(JsonObject obj, SchemaNode? schema, bool isResourceRoot)
    {
        var result = new CelMap();
        foreach (var (key, member) in obj)
        {
            if (isResourceRoot && key is "apiVersion" or "kind")
            {
                result[key] = ToCel(member, null);
                continue;
            }
            if (isResourceRoot && key == "metadata")
            {
                if (member is JsonObject metadata)
                {
                    var visible = new CelMap();
                    foreach (var name in new[] { "name", "generateName" })
                    {
                        if (metadata.TryGetPropertyValue(name, out var field))
                        {
                            visible[name] = ToCel(field, null);
                        }
                    }
                    result[key] = visible;
                }
                continue;
            }
            var memberSchema = schema?.ForMember(key);
            if (schema is not null && memberSchema is null && !schema.PreserveUnknownFields)
            {
                continue;
            }
            result[key] = ToCel(member, memberSchema);
        }
        return result;
    }

    // Go's time.ParseDuration for the common forms ("1h30m", "250ms", "-2s").
    private static bool TryParseGoDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^([-+]?)((?:[0-9]+(?:\.[0-9]*)?(?:ns|us|µs|ms|s|m|h))+|0)$");
        if (!match.Success)
        {
            return false;
        }
        var ticks = 0.0;
        foreach (System.Text.RegularExpressions.Match part in System.Text.RegularExpressions.Regex.Matches(match.Groups[2].Value, @"([0-9]+(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)"))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += part.Groups[2].Value switch
            {
                "ns" => amount / 100,
                "us" or "µs" => amount * 10,
                "ms" => amount * TimeSpan.TicksPerMillisecond,
                "s" => amount * TimeSpan.TicksPerSecond,
                "m" => amount * TimeSpan.TicksPerMinute,
                _ => amount * TimeSpan.TicksPerHour,
            };
        }
        duration = TimeSpan.FromTicks((long)(match.Groups[1].Value == "-" ? -ticks : ticks));
        return true;
    }
}
