using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>One rule of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule).</summary>
public sealed record PolicyRule
{
    /// <summary>The verbs, <c>*</c> for all.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = [];

    /// <summary>The API groups (<c>""</c> is the core group), <c>*</c> for all.</summary>
    public IReadOnlyList<string> ApiGroups { get; init; } = [];

    /// <summary>The resources, <c>resource/subresource</c> for a subresource, <c>*</c> and <c>*/subresource</c> as wildcards.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>The object names the rule is limited to; empty for all.</summary>
    public IReadOnlyList<string> ResourceNames { get; init; } = [];

    /// <summary>Non-resource paths such as <c>/healthz</c>; a trailing <c>*</c> matches a prefix.</summary>
    public IReadOnlyList<string> NonResourceUrls { get; init; } = [];

    /// <summary>Reads a rule from its JSON form; missing or malformed lists are empty.</summary>
    public static PolicyRule FromJson(JsonNode? node) => node is not JsonObject rule
        ? new PolicyRule()
        : new PolicyRule
        {
            Verbs = Strings(rule["verbs"]),
            ApiGroups = Strings(rule["apiGroups"]),
            Resources = Strings(rule["resources"]),
            ResourceNames = Strings(rule["resourceNames"]),
            NonResourceUrls = Strings(rule["nonResourceURLs"]),
        };

    /// <summary>The rules of a role's <c>rules</c> list.</summary>
    public static IReadOnlyList<PolicyRule> ListFromJson(JsonNode? rules) =>
        rules is JsonArray list ? [.. list.Select(FromJson)] : [];

    /// <summary>The JSON form, leaving out empty lists as the API does.</summary>
    public JsonObject ToJson()
    {
        var rule = new JsonObject();
        Put(rule, "verbs", Verbs, always: true);
        Put(rule, "apiGroups", ApiGroups);
        Put(rule, "resources", Resources);
        Put(rule, "resourceNames", ResourceNames);
        Put(rule, "nonResourceURLs", NonResourceUrls);
        return rule;
    }

    /// <summary>The form kube-apiserver's escalation errors print, e.g.
    /// <c>{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}</c> (rbac CompactString, Go's %q of a list).</summary>
    public string CompactString()
    {
        var parts = new List<string>();
        void Add(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                parts.Add($"{name}:[{string.Join(" ", values.Select(GoQuote))}]");
            }
        }

        Add("APIGroups", ApiGroups);
        Add("Resources", Resources);
        Add("NonResourceURLs", NonResourceUrls);
        Add("ResourceNames", ResourceNames);
        Add("Verbs", Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>True when both rules list the same values in the same order (the aggregation controller's equality).</summary>
    public bool SameAs(PolicyRule other) =>
        Verbs.SequenceEqual(other.Verbs) && ApiGroups.SequenceEqual(other.ApiGroups) && Resources.SequenceEqual(other.Resources) &&
        ResourceNames.SequenceEqual(other.ResourceNames) && NonResourceUrls.SequenceEqual(other.NonResourceUrls);

    /// <summary>A string as Go's %q writes it.</summary>
    public static string GoQuote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray list ? [.. list.Select(v => v is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty)] : [];

    private static void Put(JsonObject rule, string name, IReadOnlyList<string> values, bool always = false)
    {
        if (values.Count > 0 || always)
        {
            rule[name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
    }
}
