using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Selectors;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>Reads the Kubernetes query parameters of a request, answering 400 for values it does not accept.</summary>
internal static class QueryParameters
{
    public static WriteOptions Write(HttpRequest request) =>
        new(DryRun(request.Query["dryRun"].ToString()), FieldValidation(request.Query["fieldValidation"].ToString()))
        {
            User = Authorization.RequestUser.Of(request.HttpContext),
        };

    public static ObjectListQuery ListQuery(HttpRequest request, ResourceDefinition resource, string? ns)
    {
        var labels = LabelSelector.Parse(request.Query["labelSelector"].ToString());
        var eventsV1 = resource.Converter is EventsV1Converter;
        var fields = FieldSelector.Parse(
            request.Query["fieldSelector"].ToString(),
            field => eventsV1 ? EventsV1Converter.CoreFieldFor(field) : field,
            field => field is "metadata.name" or "metadata.namespace" || resource.ExtraSelectableFields.Contains(field));
        return new ObjectListQuery(ns, labels, fields);
    }

    public static int Limit(HttpRequest request)
    {
        var text = request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit >= 0
            ? limit
            : throw ApiErrors.BadRequest($"limit: Invalid value: \"{text}\": must be a non-negative integer");
    }

    public static WatchOptions Watch(HttpRequest request, TimeSpan defaultTimeout)
    {
        var rvText = request.Query["resourceVersion"].ToString();
        long? resourceVersion = null;
        if (rvText.Length > 0 && rvText != "0")
        {
            resourceVersion = long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
                ? rv
                : throw ApiErrors.BadRequest($"invalid resource version: {rvText}");
        }

        var timeout = defaultTimeout;
        var timeoutText = request.Query["timeoutSeconds"].ToString();
        if (timeoutText.Length > 0)
        {
            timeout = long.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : throw ApiErrors.BadRequest($"timeoutSeconds: Invalid value: \"{timeoutText}\": must be a non-negative integer");
        }

        return new WatchOptions(
            resourceVersion,
            timeout,
            RequestInfoParser.IsTrue(request.Query["allowWatchBookmarks"]),
            RequestInfoParser.IsTrue(request.Query["sendInitialEvents"]));
    }

    /// <summary>DeleteOptions from the query and from the body (KubernetesClient and kubectl send a body).</summary>
    public static DeleteRequest Delete(HttpRequest request, JsonObject? body)
    {
        var policyText = body?["propagationPolicy"]?.GetValue<string>() ?? request.Query["propagationPolicy"].ToString();
        PropagationPolicy? policy = policyText switch
        {
            "" => null,
            "Background" => PropagationPolicy.Background,
            "Foreground" => PropagationPolicy.Foreground,
            "Orphan" => PropagationPolicy.Orphan,
            _ => throw ApiErrors.BadRequest($"propagationPolicy: Unsupported value: \"{policyText}\": supported values: \"Foreground\", \"Background\", \"Orphan\""),
        };
        var orphan = body?["orphanDependents"] is { } o ? o.GetValue<bool>() : request.Query["orphanDependents"].ToString() == "true";
        if (policy is null && orphan)
        {
            policy = PropagationPolicy.Orphan;
        }

        var dryRunValues = body?["dryRun"] is JsonArray list ? string.Join(',', list.Select(v => v?.ToString())) : request.Query["dryRun"].ToString();
        return new DeleteRequest(
            policy,
            body?["preconditions"]?["uid"]?.GetValue<string>(),
            body?["preconditions"]?["resourceVersion"]?.GetValue<string>(),
            DryRun(dryRunValues));
    }

    private static bool DryRun(string value) => value switch
    {
        "" => false,
        "All" => true,
        _ => throw ApiErrors.BadRequest($"dryRun: Unsupported value: \"{value}\": supported values: \"All\""),
    };

    private static FieldValidationDirective FieldValidation(string value) => value switch
    {
        "" or "Warn" => FieldValidationDirective.Warn,
        "Ignore" => FieldValidationDirective.Ignore,
        "Strict" => FieldValidationDirective.Strict,
        _ => throw ApiErrors.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
    };
}
