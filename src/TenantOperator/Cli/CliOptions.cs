using System.CommandLine;

namespace TenantOperator.Cli;

/// <summary>Options several verbs share, built the same way everywhere.</summary>
internal static class CliOptions
{
    /// <summary><c>-f/--filename</c>: files or directories of manifests, repeatable.</summary>
    public static Option<string[]> Files(string description) => new("--filename", "-f")
    {
        Description = description,
        Required = true,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>-o/--output</c>: yaml or json.</summary>
    public static Option<string> Output() => new Option<string>("--output", "-o")
    {
        Description = "Output format: yaml or json.",
        DefaultValueFactory = _ => "yaml",
    }.AcceptOnlyFromAmong("yaml", "json");
}
