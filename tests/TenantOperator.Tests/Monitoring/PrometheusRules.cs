using YamlDotNet.Serialization;

namespace TenantOperator.Tests.Monitoring;

/// <summary>config/prometheus/rules.yaml, the PrometheusRule, read as plain data.</summary>
internal sealed class PrometheusRules
{
    public static readonly string FilePath = RepositoryPaths.Of("config", "prometheus", "rules.yaml");

    private readonly Dictionary<object, object> _document;

    private PrometheusRules(Dictionary<object, object> document) => _document = document;

    public static PrometheusRules Load() =>
        new((Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(FilePath))!);

    /// <summary>Every rule of every group, as its YAML mapping.</summary>
    public IReadOnlyList<Dictionary<object, object>> Rules =>
        Groups.SelectMany(g => (List<object>)g["rules"]).Cast<Dictionary<object, object>>().ToList();

    /// <summary>The alerting rules.</summary>
    public IReadOnlyList<Dictionary<object, object>> Alerts => Rules.Where(r => r.ContainsKey("alert")).ToList();

    /// <summary>The names the recording rules define.</summary>
    public IReadOnlySet<string> RecordedNames => Rules.Where(r => r.ContainsKey("record")).Select(r => (string)r["record"]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every PromQL expression of the rules.</summary>
    public IReadOnlyList<string> Expressions => Rules.Select(r => (string)r["expr"]).ToList();

    /// <summary>The PrometheusRule's spec as the rules file promtool reads (Prometheus' own format is that spec).</summary>
    public string AsRulesFile() => new SerializerBuilder().Build().Serialize(_document["spec"]);

    private IEnumerable<Dictionary<object, object>> Groups =>
        ((List<object>)((Dictionary<object, object>)_document["spec"])["groups"]).Cast<Dictionary<object, object>>();
}
