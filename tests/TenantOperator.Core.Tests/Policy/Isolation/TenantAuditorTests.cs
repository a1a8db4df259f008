using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Isolation;

public class TenantAuditorTests
{
    private static string Line(ConnectionBreach b) =>
        $"{b.From} -> {b.To} {b.Port}: {string.Join("; ", b.OpenedBy)}";

    private static string Line(TenantReach r) =>
        $"{r.From} -> {r.To}: {string.Join(", ", r.Ports.Select(p => $"{p.Port} ({p.Connections})"))}";

    [Fact]
    public void SamplesWithThePlannedPolicies_HaveNoBreach()
    {
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: true));

        Assert.Empty(report.Breaches);
        Assert.Empty(report.Warnings);
        Assert.Equal(["payments", "shared-services", "web"], report.Tenants.Select(t => t.Name));
        Assert.All(report.Tenants, t => Assert.Equal(t.PlannedPolicies, t.PoliciesInPlace));
    }

    [Fact]
    public void TenantMatrix_ShowsWhoReachesWhom_OnWhichPorts()
    {
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: true));

        Assert.Equal(
            [
                // payments-worker/worker-0 declares no port, so it is probed on every port the cluster's pods declare.
                "tenant payments -> tenant payments: 53/TCP (1), 53/UDP (1), 80/TCP (1), 5432/TCP (1), 8080/TCP (1), 8200/TCP (1), 8443/TCP (2), 9090/TCP (1)",
                "tenant payments -> tenant shared-services: 5432/TCP (2)",
                "tenant payments -> namespace kube-system: 53/TCP (2), 53/UDP (2)",
                "tenant shared-services -> tenant shared-services: 5432/TCP (1), 8200/TCP (1)",
                "tenant shared-services -> namespace kube-system: 53/TCP (2), 53/UDP (2)",
                "tenant web -> tenant shared-services: 8200/TCP (2)",
                "tenant web -> tenant web: 8080/TCP (2)",
                "tenant web -> namespace kube-system: 53/TCP (2), 53/UDP (2)",
                // The declared ingress; the exempt web-loadtest and the other unisolated namespaces are no tenant.
                "namespace ingress-nginx -> tenant web: 8080/TCP (1)",
            ],
            report.Matrix.Select(Line));
    }

    [Fact]
    public void ATenantWrittenPolicyOpeningTheBoundary_IsABreach_OpenedByThatPolicy()
    {
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: true, AuditScenario.ExamplePolicy));

        // Every pod whose own egress is open now reaches payments-api; tenant pods stay isolated by their egress.
        Assert.Equal(
            [
                "ingress-nginx/controller-0 -> payments/payments-api-0 8443/TCP: ingress at payments/payments-api-0: payments/allow-scrape ingress[0]",
                "kube-system/coredns-0 -> payments/payments-api-0 8443/TCP: ingress at payments/payments-api-0: payments/allow-scrape ingress[0]",
                "monitoring/prometheus-0 -> payments/payments-api-0 8443/TCP: ingress at payments/payments-api-0: payments/allow-scrape ingress[0]",
                "web-loadtest/loadgen-0 -> payments/payments-api-0 8443/TCP: ingress at payments/payments-api-0: payments/allow-scrape ingress[0]",
            ],
            report.Breaches.Select(Line));
        Assert.All(report.Breaches, b => Assert.Equal(Party.Tenant("payments"), b.ToParty));
        Assert.Equal(Party.Namespace("web-loadtest"), report.Breaches[3].FromParty); // exempt: outside the tenant's isolation
    }

    [Fact]
    public void WithoutTheOperatorsPolicies_EveryUndeclaredCrossing_IsABreach_AndTheWarningSaysWhy()
    {
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: false));

        Assert.Contains("tenant web: none of its 10 planned policies is in the input, so its namespaces are audited without them; pass --plan to audit the policies the operator would write", report.Warnings);
        Assert.Contains(report.Breaches, b => b.From == "web-frontend/web-0" && b.To == "payments/payments-api-0"
            && b.OpenedBy.Select(o => o.ToString()).SequenceEqual([
                "egress at web-frontend/web-0: not isolated (no NetworkPolicy selects it)",
                "ingress at payments/payments-api-0: not isolated (no NetworkPolicy selects it)"]));
        // Declared traffic is no breach even when nothing enforces it.
        Assert.DoesNotContain(report.Breaches, b => b.From == "web-frontend/web-0" && b.To == "shared-vault/vault-0" && b.Port == ProtocolPort.Tcp(8200));
        Assert.DoesNotContain(report.Breaches, b => b.To == "kube-system/coredns-0" && b.FromParty.IsTenant && b.Port.Port == 53);
    }

    [Fact]
    public void HandWrittenPoliciesOnBothSides_AreEachBlamedForTheirOwnSide()
    {
        // Hand-written on both sides: shared-db admits namespaces labelled tenant=web on every port, and web-backend
        // sends to postgres. Both sides are blamed for web-backend; for the exempt web-loadtest (labelled tenant=web,
        // egress open) only shared-db's side is.
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: true, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: from-web, namespace: shared-db}
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {tenant: web}}}]}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: to-db, namespace: web-backend}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: postgres}}}], ports: [{port: 5432}]}]
            """));

        Assert.Equal(
            [
                "web-backend/api-0 -> shared-db/postgres-0 5432/TCP: egress at web-backend/api-0: web-backend/to-db egress[0]; ingress at shared-db/postgres-0: shared-db/from-web ingress[0]",
                "web-loadtest/loadgen-0 -> shared-db/postgres-0 5432/TCP: ingress at shared-db/postgres-0: shared-db/from-web ingress[0]",
            ],
            report.Breaches.Select(Line));
    }

    [Fact]
    public void SeveralHandWrittenPoliciesOnOneSide_EachThatAllowsTheConnectionIsListed()
    {
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: true, AuditScenario.ExamplePolicy, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-monitoring, namespace: payments}
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-nothing-relevant, namespace: payments}
            spec:
              podSelector: {}
              ingress: [{from: [{podSelector: {matchLabels: {app: none}}}]}]
            """));

        Assert.Contains(
            "monitoring/prometheus-0 -> payments/payments-api-0 8443/TCP: ingress at payments/payments-api-0: payments/allow-monitoring ingress[0]; ingress at payments/payments-api-0: payments/allow-scrape ingress[0]",
            report.Breaches.Select(Line));
        Assert.Contains(
            "kube-system/coredns-0 -> payments/payments-api-0 8443/TCP: ingress at payments/payments-api-0: payments/allow-scrape ingress[0]",
            report.Breaches.Select(Line));
    }

    [Fact]
    public void AnEditedOperatorPolicy_IsBlamed_AndReportedAsDrift()
    {
        var input = AuditScenario.SamplesAndExamples(plan: true);
        var planned = AuditedCluster.Build(input).Plan.Tenants.SelectMany(t => t.Policies).ToList();
        var intra = planned.Single(p => p.Metadata.NamespaceProperty == "payments" && p.Metadata.Name == "tenant-isolation-intra-tenant");
        intra.Spec.Ingress[0].FromProperty = null; // someone widened it to "from anywhere"

        var report = TenantAuditor.Audit(input with { PlanPolicies = false, Policies = [.. input.Policies, .. planned] });

        Assert.Contains("tenant payments: 1 of its 10 planned policies are missing or differ from the plan (drift, or the operator has not reconciled yet); pass --plan to audit the planned ones", report.Warnings);
        Assert.Contains("monitoring/prometheus-0 -> payments/payments-api-0 8443/TCP: ingress at payments/payments-api-0: payments/tenant-isolation-intra-tenant ingress[0]", report.Breaches.Select(Line));
    }

    [Fact]
    public void Ports_WhenGiven_AreProbedForEveryDestination()
    {
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: true, AuditScenario.ExamplePolicy),
            new AuditOptions { Ports = [ProtocolPort.Tcp(8443), ProtocolPort.Udp(53)], IncludePodConnections = true });

        Assert.True(report.Probes.Explicit);
        Assert.Equal([ProtocolPort.Udp(53), ProtocolPort.Tcp(8443)], report.Probes.Ports); // by number, then protocol
        Assert.Equal(report.Pods.Count * report.Pods.Count * 2, report.Connections.Count);
        Assert.Contains(new PodConnection("monitoring/prometheus-0", "payments/payments-api-0", ProtocolPort.Tcp(8443), true), report.Connections);
        Assert.Contains(new PodConnection("web-frontend/web-0", "payments/payments-api-0", ProtocolPort.Tcp(8443), false), report.Connections);
        Assert.Equal(4, report.Breaches.Count);
    }

    [Fact]
    public void ByDefault_EachDestinationIsProbedOnItsContainerPorts_OrOnTheClustersWhenItDeclaresNone()
    {
        var cluster = AuditedCluster.Build(AuditScenario.SamplesAndExamples(plan: true));
        var probes = ProbePorts.For(cluster.Actual, null);
        var loadgen = cluster.Actual.GetPodIndex("web-loadtest", "loadgen-0");
        var vault = cluster.Actual.GetPodIndex("shared-vault", "vault-0");

        Assert.Equal(["53/TCP", "53/UDP", "80/TCP", "5432/TCP", "8080/TCP", "8200/TCP", "8443/TCP", "9090/TCP"], probes.Ports.Select(p => p.ToString()));
        Assert.All(Enumerable.Range(0, probes.Ports.Count), p => Assert.True(probes.IsProbed(loadgen, p)));
        Assert.Equal(["8200/TCP"], Enumerable.Range(0, probes.Ports.Count).Where(p => probes.IsProbed(vault, p)).Select(p => probes.Ports[p].ToString()));
    }

    [Fact]
    public void FinishedPods_InvalidTenants_AndMissingNamespaces_AreLeftOutWithAWord()
    {
        var input = AuditScenario.Input(plan: true, """
            apiVersion: isolation.tenantoperator.io/v1alpha1
            kind: TenantIsolation
            metadata: {name: bad}
            spec: {namespaces: [a], ingress: [{name: x, from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]}
            ---
            apiVersion: isolation.tenantoperator.io/v1alpha1
            kind: TenantIsolation
            metadata: {name: good}
            spec: {namespaces: [a]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: job-1, namespace: a}
            status: {phase: Succeeded}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: a}
            status: {phase: Running, podIP: 10.0.0.1}
            """);

        var report = TenantAuditor.Audit(input);

        Assert.Equal(1, report.Counts.SkippedPods);
        Assert.Equal(1, report.Counts.Pods);
        Assert.Equal(["good"], report.Tenants.Select(t => t.Name));
        Assert.Equal(["a"], report.Tenants[0].Members);
        Assert.Contains(report.Warnings, w => w.StartsWith("TenantIsolation bad is invalid and left out of the audit (1 error(s), first: spec.ingress[0].from[0].ipBlock.cidr", StringComparison.Ordinal));
        Assert.Contains("no Namespace object for a: assumed with only the kubernetes.io/metadata.name label, so namespaceSelectors on other labels do not match them", report.Warnings);
        Assert.Contains("no pod declares a container port, so nothing was probed: name the ports with --ports", report.Warnings);
    }

    [Fact]
    public void Plan_KeepsAPolicyNameSomeoneElseHolds_AsTheOperatorWould()
    {
        var report = TenantAuditor.Audit(AuditScenario.SamplesAndExamples(plan: true, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: tenant-isolation-default-deny, namespace: payments}
            spec: {podSelector: {matchLabels: {nothing: selected}}}
            """));

        Assert.Contains("tenant payments: NetworkPolicy payments/tenant-isolation-default-deny belongs to someone else (no app.kubernetes.io/managed-by label); the operator would not overwrite it (PolicyNameTaken)", report.Warnings);
    }

    [Fact]
    public void Explain_PlacesAConnectionOnTheTenantMap()
    {
        var cluster = AuditedCluster.Build(AuditScenario.SamplesAndExamples(plan: true, AuditScenario.ExamplePolicy));

        var breach = cluster.Explain(Endpoint.Parse("monitoring/prometheus-0"), Endpoint.Parse("payments/payments-api-0"), ProtocolPort.Tcp(8443));
        Assert.True(breach.Verdict.Allowed);
        Assert.False(breach.Declared);
        Assert.True(breach.IsBreach);
        Assert.Equal((Party.Namespace("monitoring"), Party.Tenant("payments")), (breach.FromParty, breach.ToParty));
        Assert.Equal(["ingress at payments/payments-api-0: payments/allow-scrape ingress[0]"], breach.OpenedBy.Select(o => o.ToString()));

        var declared = cluster.Explain(Endpoint.Parse("web-frontend/web-0"), Endpoint.Parse("10.244.9.10"), ProtocolPort.Tcp(8200));
        Assert.Equal("shared-vault/vault-0", declared.Verdict.Destination);
        Assert.True(declared.Verdict.Allowed && declared.Declared && declared.AcrossBoundary && !declared.IsBreach);

        var outside = cluster.Explain(Endpoint.Parse("payments/payments-api-0"), Endpoint.Parse("203.0.113.10"), ProtocolPort.Tcp(443));
        Assert.True(outside.Verdict.Allowed && outside.Declared && outside.AcrossBoundary);
        Assert.Null(outside.ToParty);
    }
}
