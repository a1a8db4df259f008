using System.Text.Json.Nodes;

namespace TenantOperator.Tests.Monitoring;

/// <summary>config/grafana/tenant-operator-dashboard.json, read for the PromQL of its panels.</summary>
internal static class GrafanaDashboard
{
    public static readonly string FilePath = RepositoryPaths.Of("config", "grafana", "tenant-operator-dashboard.json");

    /// <summary>Every panel's title with the expressions of its targets (rows included, nested panels too).</summary>
    public static IReadOnlyList<(string Title, IReadOnlyList<string> Expressions)> Panels()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(FilePath))!;
        return Flatten(dashboard["panels"]!.AsArray())
            .Select(p => ((string)p["title"]!, (IReadOnlyList<string>)(p["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!).ToList()))
            .ToList();
    }

    private static IEnumerable<JsonNode> Flatten(JsonArray panels) =>
        panels.SelectMany(p => p!["panels"] is JsonArray nested ? [p, .. Flatten(nested)] : new[] { p! });
}
