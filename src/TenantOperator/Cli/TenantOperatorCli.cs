using System.CommandLine;

namespace TenantOperator.Cli;

/// <summary>The <c>tenant-operator</c> command line: one executable, one verb per job.</summary>
public static class TenantOperatorCli
{
    /// <summary>The root command with every verb.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("""
            tenant-operator keeps each tenant's namespaces isolated with NetworkPolicies: deny by default, then allow
            traffic inside the tenant, DNS, and what the tenant declares in its TenantIsolation.
            """);
        root.Subcommands.Add(new RunCommand());
        root.Subcommands.Add(new RenderCommand());
        root.Subcommands.Add(new ValidateCommand());
        root.Subcommands.Add(new CrdCommand());
        root.Subcommands.Add(new LocalApiServerCommand());
        root.Subcommands.Add(new AuditCommand());
        root.Subcommands.Add(new ExplainCommand());
        root.Subcommands.Add(new DiffCommand());
        return root;
    }

    /// <summary>Runs the command line and returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration();
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return Build().Parse(args).InvokeAsync(configuration);
    }
}
