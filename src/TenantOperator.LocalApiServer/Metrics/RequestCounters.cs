using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace TenantOperator.LocalApiServer.Metrics;

/// <summary>
/// Requests the server answered, by verb, resource and HTTP code: readable in-process (so a test can
/// assert "a no-op reconcile wrote nothing") and at <c>/metrics</c> as <c>apiserver_request_total</c>.
/// Only client requests count; the server's own controllers (garbage collector, namespace cleanup) do not.
/// </summary>
public sealed class RequestCounters
{
    private static readonly HashSet<string> WriteVerbs = new(StringComparer.Ordinal) { "create", "update", "patch", "delete", "deletecollection" };
    private readonly ConcurrentDictionary<(string Verb, string Group, string Resource, int Code), long> _counts = new();

    /// <summary>Requests with <paramref name="verb"/> on <paramref name="resource"/> (e.g. <c>networkpolicies</c>
    /// or <c>tenantisolations/status</c>), with <paramref name="code"/> when given. "*" matches any verb or resource.</summary>
    public long Count(string verb, string resource, int? code = null) =>
        _counts.Where(c => Matches(verb, c.Key.Verb) && Matches(resource, c.Key.Resource) && (code is null || c.Key.Code == code)).Sum(c => c.Value);

    /// <summary>Write requests (create, update, patch, delete, deletecollection), on one resource or on all ("*").</summary>
    public long Writes(string resource = "*") =>
        _counts.Where(c => WriteVerbs.Contains(c.Key.Verb) && Matches(resource, c.Key.Resource)).Sum(c => c.Value);

    /// <summary>Every counter, ordered by verb, group, resource and code.</summary>
    public IReadOnlyList<RequestCount> Snapshot() =>
        [.. _counts.Select(c => new RequestCount(c.Key.Verb, c.Key.Group, c.Key.Resource, c.Key.Code, c.Value))
            .OrderBy(c => c.Verb, StringComparer.Ordinal).ThenBy(c => c.Group, StringComparer.Ordinal)
            .ThenBy(c => c.Resource, StringComparer.Ordinal).ThenBy(c => c.Code)];

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset() => _counts.Clear();

    internal void Record(string verb, string group, string resource, int code) =>
        _counts.AddOrUpdate((verb, group, resource, code), 1, (_, n) => n + 1);

    /// <summary>The counters in the Prometheus text exposition format.</summary>
    internal string ToPrometheusText()
    {
        var text = new StringBuilder();
        text.Append("# HELP apiserver_request_total Requests answered, by verb, group, resource and HTTP code.\n");
        text.Append("# TYPE apiserver_request_total counter\n");
        foreach (var c in Snapshot())
        {
            var slash = c.Resource.IndexOf('/', StringComparison.Ordinal);
            var resource = slash < 0 ? c.Resource : c.Resource[..slash];
            var subresource = slash < 0 ? string.Empty : c.Resource[(slash + 1)..];
            text.Append(CultureInfo.InvariantCulture,
                $"apiserver_request_total{{verb=\"{c.Verb}\",group=\"{c.Group}\",resource=\"{resource}\",subresource=\"{subresource}\",code=\"{c.Code}\"}} {c.Count}\n");
        }

        return text.ToString();
    }

    private static bool Matches(string wanted, string actual) => wanted == "*" || wanted == actual;
}
