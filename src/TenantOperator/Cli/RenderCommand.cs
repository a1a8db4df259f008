using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TenantOperator.Manifests;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Cli;

/// <summary><c>tenant-operator render</c>: the NetworkPolicies TenantIsolations yield, offline, for review and GitOps.</summary>
internal sealed class RenderCommand : Command
{
    private readonly Option<string[]> _files = CliOptions.Files("TenantIsolation (and Namespace) manifests: files or directories, repeatable, or - for stdin. Other kinds are counted and skipped.");
    private readonly Option<string[]> _namespaces = new("--namespaces")
    {
        Description = "The cluster's Namespaces (the output of kubectl get ns -o yaml, a file or a directory) to resolve namespaceSelectors against; a namespace also given with -f keeps the cluster's labels with the manifest's set over them, as kubectl apply leaves it.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _output = CliOptions.Output();

    public RenderCommand()
        : base("render", """
            Print the NetworkPolicies that TenantIsolations yield, as multi-document YAML that kubectl apply -f -
            takes. Member namespaces are resolved against the Namespace manifests given with --namespaces or -f;
            with none, members are each tenant's spec.namespaces, and the selectors that could not be resolved are
            listed on stderr. Defaults are applied as the operator applies them.

            Examples:
              tenant-operator render -f config/samples
              tenant-operator render -f tenants/ --namespaces <(kubectl get ns -o yaml) | kubectl diff -f -
              tenant-operator render -f team-a.yaml -o json
            """)
    {
        Options.Add(_files);
        Options.Add(_namespaces);
        Options.Add(_output);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var manifests = TenantManifests.Load(parseResult.GetValue(_files) ?? [], parseResult.GetValue(_namespaces) ?? []);
        foreach (var line in manifests.Errors)
        {
            error.WriteLine(line);
        }

        if (manifests.Errors.Count > 0)
        {
            // A partial render applied by a pipeline could cut traffic the invalid tenant declares: render nothing.
            error.WriteLine($"{manifests.Errors.Count} error(s): nothing rendered");
            return 1;
        }

        foreach (var note in manifests.Skipped.Notes("render reads only TenantIsolations and Namespaces"))
        {
            error.WriteLine($"note: {note}");
        }

        var plan = ClusterPlanner.Plan(new PlannerInput(manifests.Tenants, Namespaces(manifests, error), new PlannerOptions()));
        foreach (var tenant in plan.Tenants)
        {
            foreach (var excluded in tenant.Excluded)
            {
                error.WriteLine($"note: tenant {tenant.Name}: namespace {excluded.Name} excluded: {excluded.Reason}");
            }

            foreach (var warning in tenant.Warnings)
            {
                error.WriteLine($"warning: tenant {tenant.Name}: {warning}");
            }
        }

        var policies = plan.Tenants.SelectMany(t => t.Policies)
            .OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        output.Write(parseResult.GetValue(_output) == "json" ? AsJsonList(policies) : AsYamlDocuments(policies));
        return 0;
    }

    /// <summary>The namespaces to plan against: those given, or else each tenant's named namespaces.</summary>
    private static List<NamespaceInfo> Namespaces(TenantManifests manifests, TextWriter error)
    {
        if (manifests.Namespaces.Count > 0)
        {
            return manifests.Namespaces.Select(NamespaceInfo.From).ToList();
        }

        foreach (var tenant in manifests.Tenants.Where(t => t.Spec.NamespaceSelector is not null))
        {
            var selector = CompiledLabelSelector.Compile(tenant.Spec.NamespaceSelector.ToV1());
            error.WriteLine($"note: tenant {tenant.Metadata.Name}: namespaceSelector ({selector}) not resolved: no Namespace manifests given (use --namespaces); members are spec.namespaces only");
        }

        return manifests.Tenants
            .SelectMany(t => t.Spec.Namespaces ?? [])
            .Distinct(StringComparer.Ordinal)
            .Select(NamespaceInfo.Named)
            .ToList();
    }

    private static string AsYamlDocuments(List<V1NetworkPolicy> policies) => YamlOutput.Documents(policies);

    private static string AsJsonList(List<V1NetworkPolicy> policies)
    {
        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray(policies.Select(p => JsonNode.Parse(KubernetesJson.Serialize(p))).ToArray()),
        };
        return list.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
