namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// config/argocd/health.lua against a status object for each case of the README's GitOps table, run by Debian's
/// lua5.1 (Argo CD's gopher-lua is Lua 5.1). The objects are written out as the operator writes them.
/// </summary>
public class ArgoCdHealthTests
{
    private const string Metadata = "metadata: {name: web, generation: 4}\n";

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        {
            "Ready, current generation", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "True", reason: Reconciled, message: 10 policies in 2 namespaces match the spec, observedGeneration: 4}
              - {type: Isolated, status: "True", reason: NoBreaches, message: no other NetworkPolicy opens the boundary, observedGeneration: 4}
            """, "Healthy", "Reconciled: 10 policies in 2 namespaces match the spec"
        },
        {
            "Ready, but the status describes an older generation", Metadata + """
            status:
              observedGeneration: 3
              conditions:
              - {type: Ready, status: "True", reason: Reconciled, message: 10 policies, observedGeneration: 3}
            """, "Progressing", "Waiting for the operator to observe generation 4 (status describes generation 3)"
        },
        {
            "No status yet", Metadata + "spec: {namespaces: [web]}\n", "Progressing", "Waiting for the operator to report status"
        },
        {
            "InvalidSpec", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "False", reason: InvalidSpec, message: "spec.mode: Unsupported value: \"Sometimes\""}
              - {type: Isolated, status: Unknown, reason: NotEvaluated, message: the spec is invalid}
              - {type: Stalled, status: "True", reason: InvalidSpec, message: "spec.mode: Unsupported value: \"Sometimes\""}
            """, "Degraded", "InvalidSpec: spec.mode: Unsupported value: \"Sometimes\""
        },
        {
            "PolicyNameTaken", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "False", reason: PolicyNameTaken, message: "policies not managed by the operator hold planned names: web/tenant-isolation-dns"}
              - {type: Isolated, status: "True", reason: NoBreaches, message: ok}
              - {type: Stalled, status: "True", reason: PolicyNameTaken, message: "policies not managed by the operator hold planned names: web/tenant-isolation-dns"}
            """, "Degraded", "PolicyNameTaken: policies not managed by the operator hold planned names: web/tenant-isolation-dns"
        },
        {
            "NamespaceConflict", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "False", reason: NamespaceConflict, message: "namespaces selected by this tenant belong to older tenants: shared (ClaimedBy:old)"}
              - {type: Isolated, status: "True", reason: NoBreaches, message: ok}
              - {type: Stalled, status: "True", reason: NamespaceConflict, message: "namespaces selected by this tenant belong to older tenants: shared (ClaimedBy:old)"}
            """, "Degraded", "NamespaceConflict: namespaces selected by this tenant belong to older tenants: shared (ClaimedBy:old)"
        },
        {
            "A stalled reason without the Stalled condition", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "False", reason: NamespaceConflict, message: shared is claimed}
            """, "Degraded", "NamespaceConflict: shared is claimed"
        },
        {
            "ApplyFailed, retried", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "False", reason: ApplyFailed, message: "1 write(s) failed and will be retried: create web/x: 500"}
              - {type: Isolated, status: "True", reason: NoBreaches, message: ok}
              - {type: Reconciling, status: "True", reason: ApplyFailed, message: "1 write(s) failed and will be retried: create web/x: 500"}
            """, "Progressing", "ApplyFailed: 1 write(s) failed and will be retried: create web/x: 500"
        },
        {
            "NoNamespaces yet", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "False", reason: NoNamespaces, message: no namespace matches}
              - {type: Isolated, status: "True", reason: NoBreaches, message: ok}
              - {type: Reconciling, status: "True", reason: NoNamespaces, message: no namespace matches}
            """, "Progressing", "NoNamespaces: no namespace matches"
        },
        {
            "DryRun", Metadata + """
            status:
              observedGeneration: 4
              mode: DryRun
              conditions:
              - {type: Ready, status: "True", reason: DryRun, message: "dry run: Enforce would create 10, update 0 and delete 0 policies (see status.pendingChanges)"}
              - {type: Isolated, status: "True", reason: NoBreaches, message: ok}
              pendingChanges: {create: 10, update: 0, delete: 0}
            """, "Suspended", "DryRun: dry run: Enforce would create 10, update 0 and delete 0 policies (see status.pendingChanges)"
        },
        {
            "DryRun with a spec that became invalid", Metadata + """
            status:
              observedGeneration: 4
              mode: DryRun
              conditions:
              - {type: Ready, status: "False", reason: InvalidSpec, message: bad}
              - {type: Stalled, status: "True", reason: InvalidSpec, message: bad}
            """, "Degraded", "InvalidSpec: bad"
        },
        {
            "Ready, but another policy opens the boundary", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: "True", reason: Reconciled, message: 10 policies}
              - {type: Isolated, status: "False", reason: IsolationBreached, message: "1 NetworkPolicy rule(s) open traffic across the tenant boundary: web/open (Ingress)"}
            """, "Degraded", "IsolationBreached: 1 NetworkPolicy rule(s) open traffic across the tenant boundary: web/open (Ingress)"
        },
        {
            "Ready Unknown", Metadata + """
            status:
              observedGeneration: 4
              conditions:
              - {type: Ready, status: Unknown, reason: Starting, message: ""}
            """, "Progressing", "Starting"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HealthScript_GivesTheDocumentedHealth(string @case, string yaml, string status, string message)
    {
        var health = await ArgoCdHealth.AssessAsync(LuaLiteral.FromYaml(yaml));

        Assert.True((status, message) == health, $"{@case}: expected {status} \"{message}\", got {health.Status} \"{health.Message}\"");
    }
}
