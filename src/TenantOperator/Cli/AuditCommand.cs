using System.CommandLine;
using TenantOperator.Cli.Audit;
using TenantOperator.Policy.Audit;

namespace TenantOperator.Cli;

/// <summary>
/// <c>tenant-operator audit</c>: the tenant-to-tenant matrix and the breaches (connections across a tenant boundary
/// that no TenantIsolation declares) of a cluster read from manifests or live. Exit code 0: no breach; 3: breaches;
/// 1: bad input or an unreadable cluster.
/// </summary>
internal sealed class AuditCommand : Command
{
    /// <summary>The exit code when the audit found breaches, so a pipeline can gate on it.</summary>
    public const int BreachesFound = 3;

    private readonly ClusterSource _source = new();
    private readonly Option<bool> _pods = new("--pods")
    {
        Description = "Also show every probed pod-to-pod connection: a matrix per port (text), or the connections list (-o json).",
    };

    private readonly Option<string?> _ports = new("--ports")
    {
        Description = "Probe these ports for every destination pod, comma-separated: 80/TCP,81/UDP,53 (TCP when no protocol is given). Default: each destination pod's own container ports.",
    };

    private readonly Option<string> _output = CliOptions.TextOrJson();

    public AuditCommand()
        : base("audit", """
            Audit tenant isolation with the NetworkPolicy evaluator: which tenants reach which on which ports, and the
            breaches: connections between pods across a tenant boundary that the cluster's NetworkPolicies allow and no
            TenantIsolation declares, with the policies that open them. Reads Namespaces, Pods, NetworkPolicies and
            TenantIsolations from manifests (-f) or from a live cluster (--kubeconfig; in a pod, the in-cluster
            configuration), read-only. Warnings go to stderr.

            Exit codes: 0 no breach, 3 breaches found, 1 bad input or the cluster could not be read.

            Examples:
              tenant-operator audit -f config/samples -f examples --plan
              tenant-operator audit --kubeconfig ~/.kube/config -o json > audit.json
              tenant-operator audit -f cluster-dump/ --pods --ports 80/TCP,53/UDP
            """)
    {
        _source.AddTo(this);
        Options.Add(_pods);
        Options.Add(_ports);
        Options.Add(_output);
        _ports.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && PortList.Parse(text).Error is { } problem)
            {
                result.AddError(problem);
            }
        });
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var cluster = await _source.LoadAsync(parse, error, cancellationToken);
        if (cluster is null)
        {
            return 1;
        }

        var options = new AuditOptions
        {
            Ports = parse.GetValue(_ports) is { } ports ? PortList.Parse(ports).Ports : null,
            IncludePodConnections = parse.GetValue(_pods),
        };
        var report = TenantAuditor.Audit(cluster, _source.Planned(parse), options);
        foreach (var warning in report.Warnings)
        {
            await error.WriteLineAsync($"warning: {warning}");
        }

        await output.WriteAsync(parse.GetValue(_output) == "json" ? AuditJsonWriter.Write(report) : AuditTextWriter.Write(report));
        return report.Breaches.Count > 0 ? BreachesFound : 0;
    }
}
