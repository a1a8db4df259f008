using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Audit;

/// <summary>The JSON shapes <c>audit -o json</c> and <c>explain -o json</c> share; docs/audit.md documents them.</summary>
internal static class AuditJson
{
    /// <summary>The version of the documented shape: bumped only when a field changes meaning or goes away.</summary>
    public const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(JsonObject value) => value.ToJsonString(Indented) + "\n";

    public static JsonObject Party(Party party) => new() { ["kind"] = party.Kind.ToString(), ["name"] = party.Name };

    public static JsonNode? PartyOrNull(Party? party) => party is null ? null : Party(party);

    public static JsonObject Port(ProtocolPort port) => new() { ["port"] = port.Port, ["protocol"] = port.Protocol.ToKubernetesName() };

    public static JsonObject Rule(RuleRef rule) => new()
    {
        ["policy"] = rule.Policy.ToString(),
        ["direction"] = rule.Direction.ToString(),
        ["rule"] = rule.Index,
    };

    public static JsonObject Opening(BreachOpening opening) => new()
    {
        ["direction"] = opening.Direction.ToString(),
        ["pod"] = opening.Pod,
        ["reason"] = opening.Outcome.ToString(),
        ["policy"] = opening.Policy?.ToString(),
        ["rule"] = opening.Rule?.Index,
    };

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    public static JsonArray Array(IEnumerable<JsonNode?> values) => new([.. values]);
}
