using System.CommandLine;
using k8s;
using k8s.Exceptions;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Manifests;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Cli.Audit;

/// <summary>
/// Where <c>audit</c> and <c>explain</c> read the cluster: manifests (<c>-f</c>), or a live cluster (<c>--kubeconfig</c>,
/// or the in-cluster configuration when running in a pod), read-only. Also <c>--plan</c> and the protected namespaces.
/// Loading prints every problem to stderr and yields null, so the verb exits 1.
/// </summary>
internal sealed class ClusterSource
{
    private readonly Option<string[]> _files = new("--filename", "-f")
    {
        Description = "Namespaces, Pods, NetworkPolicies and TenantIsolations: files or directories of YAML or JSON (multi-document, or a List from kubectl get -o yaml), repeatable. Other kinds are skipped.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> _kubeconfig = new("--kubeconfig")
    {
        Description = "Read the cluster live (read-only) through this kubeconfig instead of files. Without -f or --kubeconfig, inside a pod: the in-cluster configuration.",
    };

    private readonly Option<bool> _plan = new("--plan")
    {
        Description = "Replace the operator's policies in the input by those the planner gives every Enforce tenant, as the operator would leave the cluster: audit a GitOps repository before it is applied.",
    };

    private readonly Option<string[]> _protected = CliOptions.ProtectedNamespaces();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_files);
        command.Options.Add(_kubeconfig);
        command.Options.Add(_plan);
        command.Options.Add(_protected);
    }

    /// <summary>True when <c>--plan</c> was given.</summary>
    public bool Planned(ParseResult parse) => parse.GetValue(_plan);

    /// <summary>Reads and prepares the cluster; null (after printing why) when the input is bad or the cluster unreadable.</summary>
    public async Task<AuditedCluster?> LoadAsync(ParseResult parse, TextWriter error, CancellationToken cancellationToken)
    {
        var files = parse.GetValue(_files) ?? [];
        var kubeconfig = parse.GetValue(_kubeconfig);
        AuditInput input;
        ClusterManifests? manifests = null;
        if (files.Length > 0 && kubeconfig is not null)
        {
            await error.WriteLineAsync("error: give either -f (files) or --kubeconfig (a live cluster), not both");
            return null;
        }

        if (files.Length > 0)
        {
            manifests = ClusterManifests.Load(files);
            if (manifests.Errors.Count > 0)
            {
                foreach (var line in manifests.Errors)
                {
                    await error.WriteLineAsync(line);
                }

                await error.WriteLineAsync($"{manifests.Errors.Count} error(s): nothing audited");
                return null;
            }

            foreach (var note in manifests.SkippedNotes)
            {
                await error.WriteLineAsync($"note: {note}");
            }

            input = Input(parse, manifests.Namespaces, manifests.Pods, manifests.Policies, manifests.Tenants);
        }
        else
        {
            var live = await ReadLiveAsync(kubeconfig, error, cancellationToken);
            if (live is null)
            {
                return null;
            }

            foreach (var note in live.Notes)
            {
                await error.WriteLineAsync($"note: {note}");
            }

            input = Input(parse, live.Namespaces, live.Pods, live.Policies, live.Tenants);
        }

        try
        {
            return AuditedCluster.Build(input);
        }
        catch (InvalidClusterObjectException ex)
        {
            await error.WriteLineAsync(manifests is null ? $"error: {ex.Message}" : manifests.Locate(ex));
            await error.WriteLineAsync("1 error(s): nothing audited");
            return null;
        }
    }

    private AuditInput Input(
        ParseResult parse, List<V1Namespace> namespaces, List<V1Pod> pods, List<V1NetworkPolicy> policies, List<TenantIsolation> tenants) => new()
        {
            Namespaces = namespaces,
            Pods = pods,
            Policies = policies,
            Tenants = tenants,
            PlanPolicies = parse.GetValue(_plan),
            PlannerOptions = PlannerOptions.WithProtected(parse.GetValue(_protected) ?? []),
        };

    private static async Task<LiveCluster?> ReadLiveAsync(string? kubeconfig, TextWriter error, CancellationToken cancellationToken)
    {
        if (kubeconfig is null && !KubernetesClientConfiguration.IsInCluster())
        {
            await error.WriteLineAsync("error: nothing to audit: give -f FILE|DIR (manifests), or --kubeconfig PATH (a live cluster); inside a pod the in-cluster configuration is used");
            return null;
        }

        try
        {
            var configuration = kubeconfig is null
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubeconfigFile.Load(kubeconfig);
            using var client = new Kubernetes(configuration);
            return await new LiveClusterReader(client).ReadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or LiveReadException or UnauthorizedAccessException)
        {
            var where = kubeconfig is null ? "in-cluster configuration" : $"kubeconfig {kubeconfig}";
            await error.WriteLineAsync(ex switch
            {
                LiveReadException => $"error: {ex.Message} ({where})",
                KubeConfigException when kubeconfig is not null => $"error: {ex.Message}", // KubeconfigFile names the file
                _ => $"error: {where}: {ex.Message}",
            });
            return null;
        }
    }
}
