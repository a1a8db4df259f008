using System.CommandLine;
using TenantOperator.Cli.Manifests;

namespace TenantOperator.Cli;

/// <summary><c>tenant-operator validate</c>: the checks of the API server and the operator, offline.</summary>
internal sealed class ValidateCommand : Command
{
    private readonly Option<string[]> _files = CliOptions.Files("TenantIsolation (and Namespace) manifests: files or directories, repeatable.");

    public ValidateCommand()
        : base("validate", """
            Check TenantIsolation and Namespace manifests offline with the same rules as the API server (the CRD
            schema) and the operator (CIDRs, selectors, ports, names). Every error is printed with its file,
            document and field path. Exits 0 when every object is valid, 1 otherwise.

            Examples:
              tenant-operator validate -f config/samples
              tenant-operator validate -f tenants/ -f namespaces.yaml
            """)
    {
        Options.Add(_files);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var manifests = TenantManifests.Load(parseResult.GetValue(_files) ?? []);
        var errors = manifests.Errors.Concat(manifests.Skipped.Select(s => s + ": validate reads only TenantIsolation (isolation.tenantoperator.io/v1alpha1) and Namespace (v1)")).ToList();
        foreach (var line in errors)
        {
            error.WriteLine(line);
        }

        if (errors.Count > 0)
        {
            error.WriteLine($"{errors.Count} error(s) in {manifests.DocumentCount} object(s)");
            return 1;
        }

        output.WriteLine($"{manifests.DocumentCount} object(s) valid: {manifests.Tenants.Count} TenantIsolation(s), {manifests.Namespaces.Count} Namespace(s)");
        return 0;
    }
}
