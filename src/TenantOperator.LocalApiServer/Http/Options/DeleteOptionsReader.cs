using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Http.Bodies;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Http.Options;

/// <summary>
/// DeleteOptions as kube-apiserver's delete handlers read them: from the body when there is one (the query
/// is then not read), else from the query. A field of the wrong JSON type is a 400 with Go's decoding
/// error; values that decode but are not allowed are a 422 on DeleteOptions.meta.k8s.io.
/// </summary>
internal static class DeleteOptionsReader
{
    public static DeleteRequest FromBody(ReadOnlyMemory<byte> body)
    {
        JsonNode? root;
        try
        {
            root = GoJsonDecoder.Decode(body).Value;
        }
        catch (JsonDecodeException e) when (e.IsSyntax)
        {
            throw ApiErrors.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
        catch (JsonDecodeException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        if (root is not JsonObject options)
        {
            return root is null ? Validate(null, null, []) : throw TypeError(root, "", "v1.DeleteOptions");
        }

        _ = Text(options, "kind", "string");
        _ = Text(options, "apiVersion", "string");
        _ = Integer(options, "gracePeriodSeconds");
        var orphan = Flag(options, "orphanDependents");
        var policy = Text(options, "propagationPolicy", "v1.DeletionPropagation");
        string? uid = null, resourceVersion = null;
        switch (options["preconditions"])
        {
            case null:
                break;
            case JsonObject preconditions:
                uid = Text(preconditions, "uid", "types.UID", "preconditions.");
                resourceVersion = Text(preconditions, "resourceVersion", "string", "preconditions.");
                break;
            case var other:
                throw TypeError(other, "preconditions", "v1.Preconditions");
        }

        var dryRun = new List<string?>();
        switch (options["dryRun"])
        {
            case null:
                break;
            case JsonArray values:
                foreach (var value in values)
                {
                    dryRun.Add(value is null ? string.Empty : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw TypeError(value, "dryRun", "string"));
                }

                break;
            case var other:
                throw TypeError(other, "dryRun", "[]string");
        }

        return Validate(orphan, policy, dryRun, uid, resourceVersion);
    }

    public static DeleteRequest FromQuery(IQueryCollection query)
    {
        if (query.TryGetValue("gracePeriodSeconds", out var grace) && grace.Count > 0)
        {
            try
            {
                _ = GoStrconv.ParseInt64(grace[0] ?? string.Empty);
            }
            catch (FormatException e)
            {
                throw ApiErrors.BadRequest(e.Message);
            }
        }

        bool? orphan = query.TryGetValue("orphanDependents", out var orphanValues) && orphanValues.Count > 0 ? RequestInfoParser.IsTrue(orphanValues) : null;
        var policy = query.TryGetValue("propagationPolicy", out var policies) && policies.Count > 0 ? policies[0] ?? string.Empty : null;
        return Validate(orphan, policy, query.TryGetValue("dryRun", out var dryRun) ? [.. dryRun] : []);
    }

    private static DeleteRequest Validate(bool? orphan, string? policy, IReadOnlyList<string?> dryRun, string? uid = null, string? resourceVersion = null)
    {
        var errors = new List<StatusCause>();
        if (orphan is not null && policy is not null)
        {
            errors.Add(FieldErrors.Invalid("propagationPolicy", policy, "orphanDependents and deletionPropagation cannot be both set"));
        }

        PropagationPolicy? propagation = policy switch
        {
            null => null,
            "Foreground" => PropagationPolicy.Foreground,
            "Background" => PropagationPolicy.Background,
            "Orphan" => PropagationPolicy.Orphan,
            _ => null,
        };
        if (policy is not null && propagation is null)
        {
            errors.Add(FieldErrors.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan", "nil"]));
        }

        errors.AddRange(OptionsErrors.DryRun(dryRun));
        OptionsErrors.ThrowIfAny("DeleteOptions", errors);
        if (propagation is null && orphan == true)
        {
            propagation = PropagationPolicy.Orphan;
        }

        return new DeleteRequest(propagation, uid, resourceVersion, dryRun is { Count: > 0 });
    }

    private static string? Text(JsonObject options, string field, string goType, string prefix = "") => options[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        var other => throw TypeError(other, prefix + field, goType),
    };

    private static bool? Flag(JsonObject options, string field) => options[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        var other => throw TypeError(other, field, "bool"),
    };

    private static long? Integer(JsonObject options, string field) => options[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<long>(out var integer) => integer,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => throw ApiErrors.BadRequest(
            $"json: cannot unmarshal number {value.ToJsonString()} into Go struct field DeleteOptions.{field} of type int64"),
        var other => throw TypeError(other, field, "int64"),
    };

    private static ApiException TypeError(JsonNode? value, string field, string goType) =>
        ApiErrors.BadRequest(field.Length == 0
            ? $"json: cannot unmarshal {ObjectBody.GoTypeName(value)} into Go value of type {goType}"
            : $"json: cannot unmarshal {ObjectBody.GoTypeName(value)} into Go struct field DeleteOptions.{field} of type {goType}");
}
