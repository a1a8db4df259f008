using System.CommandLine;
using TenantOperator.Api.Schema;

namespace TenantOperator.Cli;

/// <summary><c>tenant-operator crd</c>: prints the TenantIsolation CRD generated from the C# types.</summary>
internal sealed class CrdCommand : Command
{
    public CrdCommand()
        : base("crd", """
            Print the TenantIsolation CustomResourceDefinition, generated from the operator's API types.

            Examples:
              tenant-operator crd | kubectl apply -f -
              tenant-operator crd > config/crd/bases/isolation.tenantoperator.io_tenantisolations.yaml
            """)
    {
        SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.Write(Render());
            return 0;
        });
    }

    /// <summary>The CRD as YAML, exactly as committed under config/crd/bases.</summary>
    public static string Render() => YamlOutput.Document(CrdGenerator.Generate());
}
