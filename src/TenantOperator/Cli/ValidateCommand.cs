using System.CommandLine;
using TenantOperator.Manifests;

namespace TenantOperator.Cli;

/// <summary><c>tenant-operator validate</c>: the checks of the API server and the operator, offline.</summary>
internal sealed class ValidateCommand : Command
{
    private const string Reads = "validate reads only TenantIsolation (isolation.tenantoperator.io/v1alpha1) and Namespace (v1)";

    private readonly Option<string[]> _files = CliOptions.Files("Manifests: files or directories, repeatable, or - for stdin (such as the output of kubectl kustomize). TenantIsolations and Namespaces are checked; other kinds are counted and skipped.");
    private readonly Option<bool> _strict = new("--strict")
    {
        Description = "Fail on objects of other kinds instead of skipping them.",
    };

    public ValidateCommand()
        : base("validate", """
            Check TenantIsolation and Namespace manifests offline with the same rules as the API server (the CRD
            schema) and the operator (CIDRs, selectors, ports, names). Objects of other kinds (the Deployment, RBAC
            and CRD of a kustomization, for example) are counted and skipped, or refused with --strict. Every error
            is printed with its file, document and field path. Exits 0 when every object read is valid, 1 when one
            is not or when the input holds no object at all.

            Examples:
              tenant-operator validate -f config/samples
              tenant-operator validate -f <(kubectl kustomize config/default)
              kubectl kustomize overlays/prod | tenant-operator validate -f - --strict
            """)
    {
        Options.Add(_files);
        Options.Add(_strict);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var manifests = TenantManifests.Load(parseResult.GetValue(_files) ?? []);
        var strict = parseResult.GetValue(_strict);
        var errors = strict
            ? [.. manifests.Errors, .. manifests.Skipped.Locations.Select(s => $"{s}: not a TenantIsolation or Namespace (--strict): {Reads}")]
            : manifests.Errors;
        foreach (var line in errors)
        {
            error.WriteLine(line);
        }

        if (errors.Count > 0)
        {
            error.WriteLine($"{errors.Count} error(s) in {manifests.DocumentCount} object(s)");
            return 1;
        }

        var checkedCount = manifests.Tenants.Count + manifests.Namespaces.Count;
        var skipped = manifests.Skipped.Count == 0 ? "" : $"; {manifests.Skipped.Count} object(s) of other kinds skipped: {manifests.Skipped.Summary}";
        output.WriteLine($"{checkedCount} object(s) valid: {manifests.Tenants.Count} TenantIsolation(s), {manifests.Namespaces.Count} Namespace(s){skipped}");
        return 0;
    }
}
