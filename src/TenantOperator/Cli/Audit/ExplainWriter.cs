using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Audit;

/// <summary><c>explain</c>'s output: the evaluator's explained verdict, then the connection's place on the tenant map.</summary>
internal static class ExplainWriter
{
    public static string Text(ExplainedConnection explained)
    {
        var text = new StringBuilder(explained.Verdict.ToString());
        text.AppendLine($"  tenants: {Describe(explained.FromParty)} -> {Describe(explained.ToParty)} ({Placement(explained)})");
        text.AppendLine($"  declared: {Declaration(explained)}");
        foreach (var opening in explained.OpenedBy)
        {
            text.AppendLine($"  opened by: {opening}");
        }

        return text.ToString();
    }

    public static string Json(ExplainedConnection explained)
    {
        var verdict = explained.Verdict;
        return AuditJson.Write(new JsonObject
        {
            ["kind"] = "ConnectionExplanation",
            ["schemaVersion"] = AuditJson.SchemaVersion,
            ["from"] = verdict.Source,
            ["to"] = verdict.Destination,
            ["port"] = verdict.Port.Port,
            ["protocol"] = verdict.Port.Protocol.ToKubernetesName(),
            ["allowed"] = verdict.Allowed,
            ["egress"] = Side(verdict.Egress),
            ["ingress"] = Side(verdict.Ingress),
            ["notes"] = AuditJson.Strings(verdict.Notes),
            ["fromParty"] = AuditJson.PartyOrNull(explained.FromParty),
            ["toParty"] = AuditJson.PartyOrNull(explained.ToParty),
            ["acrossBoundary"] = explained.AcrossBoundary,
            ["declared"] = explained.Declared,
            ["breach"] = explained.IsBreach,
            ["openedBy"] = AuditJson.Array(explained.OpenedBy.Select(AuditJson.Opening)),
        });
    }

    private static JsonObject Side(DirectionVerdict side) => new()
    {
        ["subject"] = side.Subject,
        ["allowed"] = side.Allowed,
        ["outcome"] = side.Outcome.ToString(),
        ["isolatingPolicies"] = AuditJson.Strings(side.IsolatingPolicies.Select(p => p.ToString())),
        ["allowingRule"] = side.AllowingRule is null ? null : AuditJson.Rule(side.AllowingRule),
        ["reason"] = side.Reason,
    };

    private static string Describe(Party? party) => party?.ToString() ?? "outside the cluster";

    private static string Placement(ExplainedConnection e) =>
        e.AcrossBoundary ? "across a tenant boundary"
        : e.FromParty is { IsTenant: true } ? "inside one tenant"
        : "no tenant isolates either end";

    private static string Declaration(ExplainedConnection e) => (e.Verdict.Allowed, e.Declared) switch
    {
        (true, true) => "yes: the TenantIsolations allow it",
        (true, false) when e.IsBreach => "no: no TenantIsolation declares it, so audit reports it as a breach",
        (true, false) => "no: the TenantIsolations do not allow it, but it crosses no tenant boundary",
        (false, true) => "yes: the TenantIsolations allow it, but the cluster denies it (are the operator's policies in place? try --plan)",
        (false, false) => "no: and the cluster denies it",
    };
}
