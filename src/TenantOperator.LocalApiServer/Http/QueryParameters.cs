using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Http.Options;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Selectors;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// Reads the Kubernetes query parameters of a request as kube-apiserver's handlers do: a value that does
/// not convert (an integer that is not one) is a 400 BadRequest with Go's error, and options that convert
/// but are not allowed are a 422 Invalid on the options kind (CreateOptions, ListOptions, ...). Of several
/// values of one parameter, the first counts, as in Go's url.Values conversion.
/// </summary>
internal static class QueryParameters
{
    /// <summary>CreateOptions, UpdateOptions or PatchOptions (<paramref name="optionsKind"/>) of a write.</summary>
    public static WriteOptions Write(HttpRequest request, string optionsKind, bool isApplyPatch = false)
    {
        var query = request.Query;
        var errors = new List<StatusCause>();
        if (optionsKind == "PatchOptions" && !isApplyPatch && query.ContainsKey("force"))
        {
            errors.Add(FieldErrors.Forbidden("force", "may not be specified for non-apply patch"));
        }

        errors.AddRange(OptionsErrors.FieldManager(First(query, "fieldManager")));
        var dryRun = query.TryGetValue("dryRun", out var values) ? values : default;
        errors.AddRange(OptionsErrors.DryRun(dryRun));
        var fieldValidation = First(query, "fieldValidation");
        errors.AddRange(OptionsErrors.FieldValidation(fieldValidation));
        OptionsErrors.ThrowIfAny(optionsKind, errors);
        return new WriteOptions(dryRun.Count > 0, fieldValidation switch
        {
            "Ignore" => FieldValidationDirective.Ignore,
            "Strict" => FieldValidationDirective.Strict,
            _ => FieldValidationDirective.Warn,
        })
        {
            User = Authorization.RequestUser.Of(request.HttpContext),
        };
    }

    /// <summary>
    /// What a list, watch or deletecollection selects. A name from the path (a watch of one object) is
    /// a <c>metadata.name</c> field selector, and may not contradict one given in the query.
    /// </summary>
    public static ObjectListQuery ListQuery(HttpRequest request, ResourceDefinition resource, string? ns, string name = "")
    {
        var labels = ParsedLabelSelector.Parse(First(request.Query, "labelSelector"));
        var eventsV1 = resource.Converter is EventsV1Converter;
        var fields = FieldSelector.Parse(
            First(request.Query, "fieldSelector"),
            field => eventsV1 ? EventsV1Converter.CoreFieldFor(field) : field,
            field => field is "metadata.name" or "metadata.namespace" || resource.ExtraSelectableFields.Contains(field));
        if (name.Length > 0 && !fields.IsEmpty && !fields.Terms.Any(t => t.Field == "metadata.name" && t.Equal && t.Value == name))
        {
            throw ApiErrors.BadRequest("fieldSelector metadata.name doesn't match requested name");
        }

        return new ObjectListQuery(ns, labels, fields, name.Length > 0 ? name : null);
    }

    /// <summary>The ListOptions of a list, watch or deletecollection, converted and validated.</summary>
    public static ListOptions List(HttpRequest request, bool watch, TimeSpan defaultWatchTimeout)
    {
        var query = request.Query;
        long? timeoutSeconds, limit;
        try
        {
            timeoutSeconds = Integer(query, "timeoutSeconds");
            limit = Integer(query, "limit");
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        var options = new ListOptions(
            First(query, "resourceVersion"),
            First(query, "resourceVersionMatch"),
            limit is > 0 ? limit.Value : 0,
            First(query, "continue"),
            WatchTimeout(timeoutSeconds, defaultWatchTimeout),
            query.TryGetValue("allowWatchBookmarks", out var bookmarks) && RequestInfoParser.IsTrue(bookmarks),
            query.TryGetValue("sendInitialEvents", out var initial) ? RequestInfoParser.IsTrue(initial) : null);
        OptionsErrors.ThrowIfAny("ListOptions", watch ? ListOptionsValidation.ForWatch(options) : ListOptionsValidation.ForList(options));
        return options;
    }

    /// <summary>
    /// A resourceVersion as kube-apiserver's storage parses one: empty and <c>0</c> mean "any", anything
    /// else must be an unsigned integer (400 BadRequest otherwise).
    /// </summary>
    public static long? ResourceVersion(string text)
    {
        if (text is "" or "0")
        {
            return null;
        }

        try
        {
            var value = GoStrconv.ParseUInt64(text);
            // Revisions are counted from 1 in a long; one beyond it is newer than any the store has.
            return value > long.MaxValue ? long.MaxValue : (long)value;
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest($"invalid resource version: resourceVersion: Invalid value: {JsonPath.GoText.Quote(text)}: {e.Message}");
        }
    }

    /// <summary>The watch options from <paramref name="list"/>.</summary>
    public static WatchOptions Watch(ListOptions list) =>
        new(ResourceVersion(list.ResourceVersion), list.WatchTimeout, list.AllowWatchBookmarks, list.SendInitialEvents == true);

    /// <summary>The options of a delete or deletecollection: from the body when it has one, else from the query.</summary>
    public static DeleteRequest Delete(HttpRequest request, ReadOnlyMemory<byte> body, bool bodyIsJson) =>
        (body.Length == 0 ? DeleteOptionsReader.FromQuery(request.Query)
        : bodyIsJson ? DeleteOptionsReader.FromBody(body)
        : DeleteRequest.Default) // A protobuf DeleteOptions body reads as the defaults.
        with { User = Authorization.RequestUser.Of(request.HttpContext) };

    /// <summary>The first value of a parameter, or empty.</summary>
    public static string First(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] ?? string.Empty : string.Empty;

    private static long? Integer(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? GoStrconv.ParseInt64(values[0] ?? string.Empty) : null;

    // kube-apiserver: zero (or none) is its default; a negative timeout has already passed. Timers take
    // at most about 49 days, so a longer one means "until the client leaves".
    private static TimeSpan WatchTimeout(long? seconds, TimeSpan defaultTimeout) => seconds switch
    {
        null or 0 => defaultTimeout,
        < 0 => TimeSpan.Zero,
        > MaxTimerSeconds => Timeout.InfiniteTimeSpan,
        _ => TimeSpan.FromSeconds(seconds.Value),
    };

    private const long MaxTimerSeconds = 4_294_967;
}
